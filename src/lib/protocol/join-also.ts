/**
 * The reads a page makes after every join, which it may send with the join itself (`event:join`'s `also`): the hub
 * answers them in the join's answer, in order, each as its own ack. On venue Wi-Fi that is one round trip where a
 * session page took three (join; its hall; its polls and questions), and one frame each way where it took four.
 * In a module without zod, so that the page that sends them does not load zod and every schema with it.
 */
export const JOIN_ALSO = ['presence:set', 'poll:list', 'qa:open'] as const;
export type JoinAlsoName = (typeof JOIN_ALSO)[number];
