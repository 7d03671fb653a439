import type { TestProject } from 'vitest/node';
import { startTestCluster } from './postgres';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The test cluster's maintenance database, when the tests run on PostgreSQL. */
		postgresAdminUrl: string | null;
	}
}

/** Vitest global setup: under DAIS_TEST_DATABASE=postgres, one throwaway cluster for the whole run. */
export default async function setup(project: TestProject) {
	if (process.env.DAIS_TEST_DATABASE !== 'postgres') {
		project.provide('postgresAdminUrl', null);
		return;
	}
	const cluster = await startTestCluster();
	project.provide('postgresAdminUrl', cluster.adminUrl);
	return () => cluster.stop();
}
