/**
 * How a page's socket comes back after a drop (socket.io-client's back-off), tuned for a venue whose Wi-Fi drops
 * every phone at once and returns within seconds.
 *
 * socket.io-client waits `delay × 2^attempt`, moved by up to ±`randomizationFactor` of itself at random, and at
 * most `reconnectionDelayMax`, before each attempt. Its defaults (1 s, 5 s, ±50 %) try at about 1, 3, 7 and 12 s
 * after the drop, so a phone whose network came back at 3.1 s idles until about 7 s: the "all back after 8 s" tail
 * measured in issue 16. Here:
 * - the first retry comes 250–750 ms after the drop (0.5 s ± 50 %): a short glitch is over before anyone notices;
 * - the gaps then grow 0.5–1.5 s, 1–2 s, and stay at 1–2 s (the cap), so a phone is at most ~2 s late for a network
 *   that is back, and a drop of a few seconds is over in about 5;
 * - ±50 % jitter at every step, summed over the attempts, spreads a herd of 10,000 phones dropped at the same
 *   instant over a second or more per attempt instead of one instant (and a recovered phone costs the hub a
 *   handshake, not a join); the hub's 4,096-deep accept queue takes the front of it.
 * A hub that is really down sees each phone about every 2 s: the cost is the phones' own, and a connect attempt is
 * small. A phone that learns of its network's return (the browser's `online` event) reconnects at once, and phones
 * rejoin the Wi-Fi at their own moments, which spreads them too.
 */
export const RECONNECT = {
	reconnectionDelay: 500,
	reconnectionDelayMax: 2000,
	randomizationFactor: 0.5
} as const;
