import { describe, expect, it } from 'vitest';
import { Encoder, PacketType } from 'socket.io-parser';
import { memoryServices } from '../../tests/fixtures/services';
import { encodeOnce, keptForReplay, parser } from './encoded';

const ack = (data: unknown, id = 7, nsp = '/') => ({ type: PacketType.ACK, nsp, id, data: [data] });

describe('acks carrying a value encoded once (the join snapshot)', async () => {
	const services = await memoryServices();
	const stock = new Encoder();
	const dais = new parser.Encoder();

	it('writes exactly the bytes Socket.IO’s own encoder writes', async () => {
		const snapshot = await encodeOnce(services.events.snapshot('isb26'));
		const envelope = {
			ok: true,
			data: {
				snapshot,
				identity: { role: 'attendee', roomId: null, label: '' },
				openPolls: [{ sessionId: 's', pollId: 'p', question: 'Laquelle ? «\u0000» \u202e' }],
				verified: false,
				now: 1_765_000_000_000,
				stars: ['a', 'b'],
				left: undefined
			}
		};
		expect(dais.encode(ack(envelope))).toEqual(stock.encode(ack(envelope)));
		expect(dais.encode(ack(envelope, 12, '/other'))).toEqual(stock.encode(ack(envelope, 12, '/other')));
	});

	it('reuses the text made for the value instead of encoding it again', () => {
		const value = encodeOnce({ version: 1, sessions: ['opening'] });
		// Changed after it was marked (which the hub never does): the ack still carries the text made at marking.
		value.version = 2;
		expect(dais.encode(ack({ ok: true, data: { snapshot: value } }))).toEqual([
			'37[{"ok":true,"data":{"snapshot":{"version":1,"sessions":["opening"]}}}]'
		]);
	});

	it('leaves every other packet to Socket.IO’s encoder, binary included', () => {
		const plain = ack({ ok: true, data: { version: 3 } });
		expect(dais.encode(plain)).toEqual(stock.encode(plain));
		const binary = { type: PacketType.EVENT, nsp: '/', data: ['x', Buffer.from([1, 2])] };
		expect(dais.encode(binary)).toEqual(stock.encode(binary));
	});
});

describe('broadcasts kept for replay', () => {
	const stock = new Encoder();
	const dais = new parser.Encoder();
	const event = (data: unknown[], nsp = '/') => ({ type: PacketType.EVENT, nsp, data });

	it('are encoded once however many sockets they are replayed to, with Socket.IO’s bytes', () => {
		const data: unknown[] = ['poll:changed', { pollId: 'p', ballots: 12, label: 'شفافية' }];
		keptForReplay(data);
		data.push('a1b2c3d4f');
		const first = dais.encode(event(data));
		expect(first).toEqual(stock.encode(event(data)));
		// Each replayed socket's packet is a new object around the same arguments: the frame made first is reused.
		expect(dais.encode(event(data))).toBe(first);
		expect(dais.encode(event(data))).toBe(first);
	});

	it('leaves unkept events, other namespaces and acks to Socket.IO’s encoder', () => {
		const plain: unknown[] = ['presence:updated', { eventId: 'e', total: 3 }];
		const once = dais.encode(event(plain));
		expect(once).toEqual(stock.encode(event(plain)));
		expect(dais.encode(event(plain))).not.toBe(once);
		const other: unknown[] = ['x', 1];
		keptForReplay(other);
		expect(dais.encode(event(other, '/admin'))).toEqual(stock.encode(event(other, '/admin')));
		expect(dais.encode(event(other, '/admin'))).not.toBe(dais.encode(event(other, '/admin')));
	});
});
