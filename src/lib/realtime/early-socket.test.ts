import { describe, expect, it, vi } from 'vitest';
import { EARLY_SOCKET_KEY, takeEarlySocket } from './early-socket';

const URI = 'ws://hall.example:4300/socket.io/?EIO=4&transport=websocket';

/** A WebSocket as far as the adoption sees one: its state, its address, its handlers. */
function fakeSocket(readyState: number, url = URI) {
	return {
		CONNECTING: 0,
		OPEN: 1,
		CLOSING: 2,
		CLOSED: 3,
		readyState,
		url,
		close: vi.fn(),
		send: vi.fn(),
		onopen: null as ((e: Event) => void) | null,
		onmessage: null as ((e: Event) => void) | null,
		onerror: null as ((e: Event) => void) | null,
		onclose: null as ((e: Event) => void) | null
	};
}

const event = (type: string, data?: string) => ({ type, data }) as unknown as Event;

describe('taking the early socket', () => {
	it('hands over the open socket and replays what it heard, in order, to the handlers set after the hand-over', async () => {
		const ws = fakeSocket(1);
		const holder: Record<string, unknown> = {
			[EARLY_SOCKET_KEY]: {
				ws,
				events: [event('open'), event('message', '0{"sid":"a"}'), event('message', '2')]
			}
		};
		const taken = takeEarlySocket(URI, holder);
		expect(taken).toBe(ws);
		const heard: string[] = [];
		// set synchronously after the hand-over, as Engine.IO's transport does
		ws.onopen = () => heard.push('open');
		ws.onmessage = (e) => heard.push(`message ${(e as MessageEvent).data}`);
		expect(heard).toEqual([]);
		await Promise.resolve();
		expect(heard).toEqual(['open', 'message 0{"sid":"a"}', 'message 2']);
	});

	it('is taken once: the next connection opens its own', () => {
		const holder: Record<string, unknown> = { [EARLY_SOCKET_KEY]: { ws: fakeSocket(0), events: [] } };
		expect(takeEarlySocket(URI, holder)).not.toBeNull();
		expect(takeEarlySocket(URI, holder)).toBeNull();
	});

	it('leaves a closing or closed socket: the caller opens its own', () => {
		for (const state of [2, 3]) {
			const holder: Record<string, unknown> = {
				[EARLY_SOCKET_KEY]: { ws: fakeSocket(state), events: [event('error'), event('close')] }
			};
			expect(takeEarlySocket(URI, holder)).toBeNull();
			expect(holder[EARLY_SOCKET_KEY]).toBeUndefined();
		}
	});

	it('closes and leaves a socket opened to another address than the one asked for', () => {
		const ws = fakeSocket(1, 'ws://hall.example:4300/socket.io/?EIO=3&transport=websocket');
		const holder: Record<string, unknown> = { [EARLY_SOCKET_KEY]: { ws, events: [] } };
		expect(takeEarlySocket(URI, holder)).toBeNull();
		expect(ws.close).toHaveBeenCalled();
		const other = fakeSocket(1, 'ws://elsewhere.example:4300/socket.io/?EIO=4&transport=websocket');
		expect(takeEarlySocket(URI, { [EARLY_SOCKET_KEY]: { ws: other, events: [] } })).toBeNull();
	});

	it('does not send the client’s CONNECT again when the page’s head sent one: only that frame, only once', () => {
		const ws = fakeSocket(1);
		const send = ws.send;
		const holder: Record<string, unknown> = {
			[EARLY_SOCKET_KEY]: { ws, events: [event('open'), event('message', '0{"sid":"a"}')], connectSent: true }
		};
		const taken = takeEarlySocket(URI, holder)!;
		taken.send('40');
		taken.send('420["event:join",{"code":"ISB26","protocol":1}]');
		taken.send('40');
		expect(send.mock.calls.map(([d]) => d)).toEqual([
			'420["event:join",{"code":"ISB26","protocol":1}]',
			'40'
		]);
	});

	it('sends the client’s frames as they are when the page’s head sent no CONNECT', () => {
		const ws = fakeSocket(0);
		const send = ws.send;
		const taken = takeEarlySocket(URI, { [EARLY_SOCKET_KEY]: { ws, events: [] } })!;
		taken.send('40');
		expect(send.mock.calls.map(([d]) => d)).toEqual(['40']);
	});

	it('is nothing when the page opened no early socket', () => {
		expect(takeEarlySocket(URI, {})).toBeNull();
	});
});
