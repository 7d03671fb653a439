import { describe, expect, it } from 'vitest';
import { commands, MAX_FRAME_BYTES, MAX_PAYLOAD_BYTES } from './index';

/** A three-byte character in UTF-8 that JSON does not escape (CJK; Urdu and Arabic letters take two). */
const wide = (n: number) => '語'.repeat(n);
const slug = (n: number) => 'a'.repeat(n);

/** How a Socket.IO client frames a command with an ack: `42<ack id>["name",payload]`, in UTF-8 bytes. */
const frameBytes = (name: string, payload: unknown) =>
	Buffer.byteLength(`421234567${JSON.stringify([name, payload])}`);

describe('the transport frame limit', () => {
	it('fits the largest session the schemas accept, every text field full in a three-byte script', () => {
		const payload = {
			clientId: slug(64),
			eventId: slug(64),
			sessionId: slug(64),
			fields: {
				title: wide(200),
				description: wide(2000),
				kind: 'plenary',
				roomId: slug(64),
				startsAt: '2026-12-08T09:00:00.000+05:00',
				endsAt: '2026-12-08T10:00:00.000+05:00',
				speakers: Array.from({ length: 20 }, () => ({ name: wide(120), role: wide(160) })),
				objectives: Array.from({ length: 8 }, (_, i) => `${slug(63)}${i}`)
			}
		};
		expect(commands['session:create'].safeParse(payload).success).toBe(true);
		expect(JSON.stringify(payload).length).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
		expect(frameBytes('session:create', payload)).toBeLessThan(MAX_FRAME_BYTES);
	});

	it('fits the largest poll and the largest question', () => {
		const poll = {
			clientId: slug(64),
			eventId: slug(64),
			sessionId: slug(64),
			poll: {
				type: 'single',
				question: wide(200),
				options: Array.from({ length: 12 }, (_, i) => ({
					id: `${slug(62)}${String(i).padStart(2, '0')}`,
					label: wide(120)
				})),
				maxChoices: null,
				minBallots: 1000,
				verifiedOnly: true
			}
		};
		const question = {
			clientId: slug(64),
			eventId: slug(64),
			sessionId: slug(64),
			text: wide(300),
			name: wide(80),
			organisation: wide(120),
			country: wide(80),
			objectiveId: slug(64)
		};
		expect(commands['poll:create'].safeParse(poll).success).toBe(true);
		expect(commands['question:ask'].safeParse(question).success).toBe(true);
		expect(frameBytes('poll:create', poll)).toBeLessThan(MAX_FRAME_BYTES);
		expect(frameBytes('question:ask', question)).toBeLessThan(MAX_FRAME_BYTES);
	});
});
