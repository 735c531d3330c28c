/**
 * The relay's VAPID key pair (RFC 8292): made on first start, kept in `<dataDir>/vapid.json`
 * (mode 0600: whoever holds the private key can push to every subscribed phone) and reused
 * afterwards, since every subscription is bound to the public key it was made with. Relay
 * instances sharing a database keep it there instead (`loadOrMakeSharedVapidKeys`): a phone that
 * subscribed through one instance is pushed to by every other.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import webpush from 'web-push';
import type { SqlAccess } from '../storage';

export interface VapidKeys {
	/** The application server key, raw P-256 point, base64url: what browsers subscribe with. */
	publicKey: string;
	privateKey: string;
}

export const VAPID_FILE = 'vapid.json';

function isKeys(raw: unknown): raw is VapidKeys {
	if (typeof raw !== 'object' || raw === null) return false;
	const { publicKey, privateKey } = raw as Record<string, unknown>;
	return (
		typeof publicKey === 'string' &&
		typeof privateKey === 'string' &&
		Buffer.from(publicKey, 'base64url').byteLength === 65 &&
		Buffer.from(privateKey, 'base64url').byteLength === 32
	);
}

/** The kept pair, or a new one written before it is used. A damaged file stops the relay. */
export function loadOrMakeVapidKeys(dataDir: string): VapidKeys {
	const file = path.join(dataDir, VAPID_FILE);
	let text: string | null = null;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	if (text !== null) {
		const raw: unknown = JSON.parse(text);
		if (!isKeys(raw)) throw new Error(`${file} does not hold a VAPID key pair`);
		return { publicKey: raw.publicKey, privateKey: raw.privateKey };
	}
	const keys = webpush.generateVAPIDKeys();
	fs.mkdirSync(dataDir, { recursive: true });
	// Written aside then renamed: a crash never leaves half a key that the next start refuses.
	const temp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(temp, JSON.stringify(keys), { mode: 0o600 });
	fs.renameSync(temp, file);
	return { publicKey: keys.publicKey, privateKey: keys.privateKey };
}

/** Push's key table on a shared database: one row, written by the first instance that starts. */
export const VAPID_SCHEMA = `
	CREATE TABLE IF NOT EXISTS push_vapid (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		public_key TEXT NOT NULL,
		private_key TEXT NOT NULL
	);
`;

/**
 * The pair every instance on the database uses: the first to start writes one (instances starting
 * together race on the row's key, and all read the winner's). A damaged row stops the relay.
 */
export async function loadOrMakeSharedVapidKeys(sql: SqlAccess): Promise<VapidKeys> {
	sql.schema(VAPID_SCHEMA);
	const made = webpush.generateVAPIDKeys();
	await sql.write([
		{
			sql: 'INSERT INTO push_vapid (id, public_key, private_key) VALUES (1, ?, ?) ON CONFLICT DO NOTHING',
			params: [made.publicKey, made.privateKey]
		}
	]);
	const row = await sql
		.read<{ public_key: string; private_key: string }>(
			'SELECT public_key, private_key FROM push_vapid WHERE id = 1'
		)
		.get();
	const keys = row && { publicKey: row.public_key, privateKey: row.private_key };
	if (!isKeys(keys)) throw new Error('the database does not hold a VAPID key pair (push_vapid)');
	return keys;
}
