// Makes sure `npm run test:pg` has PostgreSQL's server binaries (initdb, pg_ctl): Debian's `postgresql` package,
// installed here when we are allowed to (root with apt-get), otherwise a clear message naming the command to run.
// The tests start their own throwaway cluster; no system service is used or started.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { postgresBinDir } from '../tests/support/postgres';

if (!postgresBinDir()) {
	if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
		console.error(
			'\nThe PostgreSQL tests need initdb and pg_ctl and none were found.\n' +
				'Install them with:  sudo apt-get install -y postgresql\n'
		);
		process.exit(1);
	}
	console.log('Installing PostgreSQL from Debian (apt-get install postgresql)…');
	try {
		execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql', {
			stdio: 'inherit'
		});
	} catch {
		console.error('\nInstalling PostgreSQL failed. Run: apt-get update && apt-get install -y postgresql\n');
		process.exit(1);
	}
	if (!postgresBinDir()) {
		console.error('PostgreSQL was installed but initdb was not found under /usr/lib/postgresql/*/bin.');
		process.exit(1);
	}
}
