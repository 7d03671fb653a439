/**
 * The recovery offset a page sends when its connection has heard no broadcast since it began: "resume me from where
 * I joined". Socket.IO asks the hub's adapter to restore a connection only when its offset is a string, so it is the
 * empty one; socket.io-client would send none. One hub resumes such a connection from its first room (`DaisAdapter`);
 * the Redis adapter (cluster mode) refuses it, and sends each joined socket a broadcast instead (`event:joined`).
 */
export const RESUME_FROM_JOIN = '';
