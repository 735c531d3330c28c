/**
 * The `relay-pg` project: one real PostgreSQL server for the whole run (postgres-server.ts); the
 * relays the tests start use it (database-for.ts). Stopped, and its files removed, at the end.
 */
import { TEST_PG_ENV } from './database-for';
import { startPostgres } from './postgres-server';

export default async function setup(): Promise<() => void> {
	const server = await startPostgres();
	// Test workers start after this and inherit it.
	process.env[TEST_PG_ENV] = server.url('').replace(/\/$/, '');
	return () => server.stop();
}
