/**
 * Under the `relay-pg` test project (global-setup.ts), every relay the tests start keeps its
 * data in PostgreSQL instead of SQLite: one database per data directory, so a relay restarted on
 * the same directory finds what it stored, as it would in its SQLite file.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { openPgStorage } from '../../../sync-server/pg-storage/pg-storage';
import { openStorage, type Storage } from '../../../sync-server/storage';

/** Set by global-setup.ts: postgres://user@host:port (no database), seen by every project. */
export const TEST_PG_ENV = 'QUARTIER_TEST_PG_URL';
/** Set to `pg` by the relay-pg project only: the other projects keep their SQLite files. */
export const TEST_STORAGE_ENV = 'QUARTIER_TEST_STORAGE';

const created = new Map<string, Promise<string>>();

/** The database URL for relays on `dataDir`, created on first use; undefined outside relay-pg. */
export function databaseFor(dataDir: string): Promise<string> | undefined {
	const server = process.env[TEST_PG_ENV];
	if (!server || process.env[TEST_STORAGE_ENV] !== 'pg') return undefined;
	let url = created.get(dataDir);
	if (url === undefined) {
		url = createDatabase(
			server,
			`q_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`
		);
		created.set(dataDir, url);
	}
	return url;
}

/** In-process storage for `dataDir`: PostgreSQL under relay-pg, the SQLite file otherwise. */
export async function openTestStorage(dataDir: string): Promise<Storage> {
	const url = databaseFor(dataDir);
	return url === undefined ? openStorage(dataDir) : openPgStorage(await url);
}

async function createDatabase(server: string, name: string): Promise<string> {
	const admin = new pg.Client({ connectionString: `${server}/postgres` });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name}`);
	} catch (error) {
		// 42P04: it exists (a test worker created it for the same directory).
		if ((error as { code?: string }).code !== '42P04') throw error;
	} finally {
		await admin.end();
	}
	return `${server}/${name}`;
}
