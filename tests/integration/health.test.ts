import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/connection';
import { createSqliteSql } from '../../server/db/sqlite';
import { createHub } from '../../server/hub';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('GET /healthz, what a load balancer asks each hub', () => {
	it('answers 200 while the storage answers, and 503 once it does not', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'dais-health-'));
		dirs.push(dir);
		const config = loadConfig({ DAIS_DB: join(dir, 'dais.db'), LOG_LEVEL: 'silent' });
		const sql = createSqliteSql(openDatabase(config.dbFile));
		const hub = await createHub({ config, sql, app: null });
		const port = await hub.listen(0, '127.0.0.1');
		try {
			const up = await fetch(`http://127.0.0.1:${port}/healthz`);
			expect(up.status).toBe(200);
			expect(await up.json()).toEqual({ ok: true });

			// The storage goes away under the running hub (as a lost database server would).
			await sql.close();
			const down = await fetch(`http://127.0.0.1:${port}/healthz`);
			expect(down.status).toBe(503);
			expect(await down.json()).toEqual({ ok: false, error: 'storage' });
		} finally {
			hub.http.closeAllConnections();
			await new Promise<void>((resolve) => hub.http.close(() => resolve()));
			hub.io.disconnectSockets(true);
		}
	});
});
