import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { STAFF_COOKIE } from '../access/access.service';
import type { Services } from '../services';
import { isLoopback } from '../realtime/address';
import { readCookie } from '../realtime/cookies';
import type { Metrics } from './metrics';

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics` for Prometheus: only to this machine (a scraper beside the hub) or to a host's staff sign-in.
 * A request a proxy forwarded (it says so in X-Forwarded-For or Forwarded) is not taken for a local one, though it
 * reaches the hub from a loopback address. Organisers are not let in: the figures cover every event on the hub.
 */
export function metricsEndpoint(deps: { metrics: Metrics; signIns: Services['signIns']; log: Logger }) {
	const { metrics, signIns, log } = deps;
	const allowed = async (req: IncomingMessage) => {
		const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
		if (!proxied && isLoopback(req.socket.remoteAddress)) return true;
		return (
			(await signIns.fromCookie(readCookie(req.headers.cookie, STAFF_COOKIE)))?.credential.role === 'host'
		);
	};
	return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
		if (req.method !== 'GET' || req.url?.split('?')[0] !== METRICS_PATH) return next();
		void allowed(req).then(
			(ok) => {
				if (!ok) {
					res.writeHead(403, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
					res.end('forbidden\n');
					return;
				}
				send(res);
			},
			(err: unknown) => {
				log.error({ err }, 'metrics: the sign-in could not be checked');
				res.writeHead(500, { 'content-type': 'text/plain' });
				res.end('metrics unavailable\n');
			}
		);
	};
	function send(res: ServerResponse) {
		metrics.register.metrics().then(
			(text) => {
				res.writeHead(200, { 'content-type': metrics.register.contentType, 'cache-control': 'no-store' });
				res.end(text);
			},
			(err: unknown) => {
				log.error({ err }, 'metrics could not be collected');
				res.writeHead(500, { 'content-type': 'text/plain' });
				res.end('metrics unavailable\n');
			}
		);
	}
}
