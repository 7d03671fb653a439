import { describe, expect, it } from 'vitest';
import { Encoder, PacketType } from 'socket.io-parser';
import { memoryServices } from '../../tests/fixtures/services';
import { encodeOnce, parser } from './encoded';

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
