// `npm start`: builds the app if its sources are newer than the build, then runs the hub with the flags that suit the
// CPUs it may use (scripts/hub-flags.mjs). Signals reach the hub, and its exit is this process's.
import { spawn, spawnSync } from 'node:child_process';
import { hubNodeFlags } from './hub-flags.mjs';

const built = spawnSync(process.execPath, ['scripts/ensure-build.mjs', '--fresh'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const hub = spawn(process.execPath, [...hubNodeFlags(), '--import', 'tsx', 'server/index.ts'], {
	stdio: 'inherit'
});
const signals = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);
const forward = (/** @type {NodeJS.Signals} */ signal) => hub.kill(signal);
for (const signal of signals) process.on(signal, forward);
hub.on('exit', (code, signal) => {
	for (const s of signals) process.off(s, forward);
	if (signal) process.kill(process.pid, signal);
	else process.exit(code ?? 1);
});
