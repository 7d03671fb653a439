import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Ack, CommandName, ServerToClient } from '../../src/lib/protocol';
import type { DaisServer } from '../realtime/types';
import type { Fanout } from '../realtime/fanout';

/**
 * What an operator watches during an event, in Prometheus's text format (`GET /metrics`): connected sockets per
 * event, commands and refusals by name, ack latency, group-commit batch sizes, fan-out frames and queue, and
 * Node's own figures (event-loop delay, heap, CPU). Each hub has its own registry.
 */
export function createMetrics() {
	const register = new Registry();
	// Includes nodejs_eventloop_lag_{p50,p90,p99,max}_seconds, read from perf_hooks.monitorEventLoopDelay.
	collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 10 });
	const registers = [register];

	const commands = new Counter({
		name: 'dais_commands_total',
		help: 'Commands answered, by name',
		labelNames: ['command'] as const,
		registers
	});
	const refusals = new Counter({
		name: 'dais_command_refusals_total',
		help: 'Commands answered with an error, by name and error code',
		labelNames: ['command', 'error'] as const,
		registers
	});
	const ackSeconds = new Histogram({
		name: 'dais_ack_seconds',
		help: 'From a command frame reaching its handler to its ack (a write: after its durable commit)',
		labelNames: ['command'] as const,
		buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
		registers
	});
	const commitBatch = new Histogram({
		name: 'dais_commit_batch_writes',
		help: 'Writes per group-commit transaction (one fsync each)',
		buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
		registers
	});
	const frames = new Counter({
		name: 'dais_fanout_frames_total',
		help: 'Fact frames written to sockets by room broadcasts, by fact',
		labelNames: ['fact'] as const,
		registers
	});

	// Each command's own counter and histogram, found once: every ack of a join storm counts in them.
	const perCommand = new Map<CommandName, { count: () => void; seconds: (s: number) => void }>();
	const ofCommand = (command: CommandName) => {
		let own = perCommand.get(command);
		if (!own) {
			const count = commands.labels(command);
			const seconds = ackSeconds.labels(command);
			own = { count: () => count.inc(), seconds: (s) => seconds.observe(s) };
			perCommand.set(command, own);
		}
		return own;
	};

	return {
		register,
		ack(command: CommandName, ack: Ack<unknown>, ms: number) {
			const own = ofCommand(command);
			own.count();
			if (!ack.ok) refusals.inc({ command, error: ack.error });
			own.seconds(ms / 1000);
		},
		committed: (writes: number) => commitBatch.observe(writes),
		sent: (fact: keyof ServerToClient, sockets: number) => frames.inc({ fact }, sockets),
		/**
		 * Figures read when scraped: sockets per event, and from the fan-out the broadcasts waiting in its queue and what
		 * a frame has lately cost it.
		 */
		watch(io: DaisServer, fanout: Pick<Fanout, 'stats' | 'frameMs'>) {
			new Gauge({
				name: 'dais_connected_sockets',
				help: 'Sockets connected to this hub, by the event they joined ("none": not joined yet)',
				labelNames: ['event'] as const,
				registers,
				collect() {
					const counts = new Map<string, number>();
					for (const socket of io.of('/').sockets.values()) {
						const event = socket.data.eventId ?? socket.data.credential?.eventId ?? 'none';
						counts.set(event, (counts.get(event) ?? 0) + 1);
					}
					this.reset();
					for (const [event, n] of counts) this.set({ event }, n);
				}
			});
			new Gauge({
				name: 'dais_fanout_queued',
				help: 'Room broadcasts waiting behind one going out in slices',
				registers,
				collect() {
					this.set(fanout.stats().queued);
				}
			});
			new Gauge({
				name: 'dais_fanout_frame_seconds',
				help: 'What one fact frame to one socket has lately cost this hub to send (the average that paces tallies)',
				registers,
				collect() {
					this.set(fanout.frameMs() / 1000);
				}
			});
		}
	};
}
export type Metrics = ReturnType<typeof createMetrics>;
