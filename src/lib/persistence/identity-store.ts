import { randomId } from '$lib/domain/ids';
import { generateIdentityKeys, signProfile, type ProfileFields } from '$lib/domain/identity/keys';
import { ownDeviceKey, profileEncryptionKey } from '$lib/domain/identity/my-devices';
import { generateEncryptionKeys } from '$lib/domain/identity/sealed';
import type { QuartierDb, StoredIdentity } from './db';

/** What installs from before encryption keys and device ids have stored. */
type StoredRow = Omit<StoredIdentity, 'encryptionKey' | 'encryptionPrivateKey' | 'deviceId'> &
	Partial<Pick<StoredIdentity, 'encryptionKey' | 'encryptionPrivateKey' | 'deviceId'>>;

function isComplete(row: StoredRow): row is StoredIdentity {
	return !!row.encryptionKey && !!row.encryptionPrivateKey && !!row.deviceId;
}

/** The profile fields this device signs: for a linked device, with the whole device list. */
export function profileOf(identity: StoredIdentity): ProfileFields {
	const devices = identity.devices ?? [];
	const signer = ownDeviceKey(identity);
	return {
		name: identity.name,
		bio: identity.bio,
		publicKey: identity.publicKey,
		joinedAt: identity.createdAt,
		encryptionKey: profileEncryptionKey(identity),
		...(signer !== identity.publicKey ? { signer } : {}),
		...(devices.length > 0 ? { devices } : {}),
		...(identity.rootRemovedAt != null ? { rootRemovedAt: identity.rootRemovedAt } : {}),
		...(identity.updatedAt != null ? { updatedAt: identity.updatedAt } : {}),
		...(identity.photo != null ? { photo: identity.photo } : {})
	};
}

/** Signs my profile again (after the device list changed) and stores it. */
export async function saveResigned(db: QuartierDb, next: StoredIdentity): Promise<StoredIdentity> {
	next.signature = await signProfile(next.privateKey, profileOf(next));
	await db.identity.put(next);
	return next;
}

/**
 * Loads my identity, first giving an older one what it lacks. Two tabs may start together: only
 * the first upgrade to reach the database is kept and the other tab adopts it, or each would
 * publish a different encryption key and one of them could not open what is sealed to it.
 */
export async function loadIdentity(db: QuartierDb): Promise<StoredIdentity | null> {
	for (let attempt = 0; ; attempt++) {
		const row: StoredRow | undefined = await db.identity.get('self');
		if (!row) return null;
		if (isComplete(row)) return row;
		// WebCrypto is not IndexedDB: awaiting it inside a transaction would let the transaction end.
		const upgraded = await upgrade(row);
		const kept = await db.transaction('rw', db.identity, async () => {
			const current: StoredRow | undefined = await db.identity.get('self');
			if (!current || isComplete(current)) return current ?? null;
			// The profile changed meanwhile (renamed in another tab): our signature no longer matches it.
			if (current.signature !== row.signature) return undefined;
			await db.identity.put(upgraded);
			return upgraded;
		});
		if (kept !== undefined) return kept;
		if (attempt >= 2) throw new Error('identity keeps changing during its upgrade');
	}
}

async function upgrade(row: StoredRow): Promise<StoredIdentity> {
	const keys =
		row.encryptionKey && row.encryptionPrivateKey
			? { publicKey: row.encryptionKey, privateKey: row.encryptionPrivateKey }
			: await generateEncryptionKeys();
	const next: StoredIdentity = {
		...row,
		encryptionKey: keys.publicKey,
		encryptionPrivateKey: keys.privateKey,
		deviceId: row.deviceId || randomId()
	};
	next.signature = await signProfile(next.privateKey, profileOf(next));
	return next;
}

/** First launch: make the key pairs and keep them on this device only. */
export async function createIdentity(
	db: QuartierDb,
	name: string,
	bio: string,
	now: number
): Promise<StoredIdentity> {
	const [keys, encryption] = await Promise.all([generateIdentityKeys(), generateEncryptionKeys()]);
	const identity: StoredIdentity = {
		id: 'self',
		memberId: keys.memberId,
		publicKey: keys.publicKey,
		privateKey: keys.privateKey,
		encryptionKey: encryption.publicKey,
		encryptionPrivateKey: encryption.privateKey,
		deviceId: randomId(),
		name,
		bio,
		createdAt: now,
		signature: ''
	};
	identity.signature = await signProfile(keys.privateKey, profileOf(identity));
	await db.identity.put(identity);
	return identity;
}

export async function updateProfile(
	db: QuartierDb,
	name: string,
	bio: string,
	now: number
): Promise<StoredIdentity> {
	const next = await rewriteIdentity(db, (current) => ({ ...current, name, bio, updatedAt: now }));
	if (!next) throw new Error('no identity to update');
	return next;
}

/** Sets or removes (null) my profile photo; like a name, the latest edit wins across my devices. */
export async function updatePhoto(
	db: QuartierDb,
	photo: string | null,
	now: number
): Promise<StoredIdentity> {
	const next = await rewriteIdentity(db, (current) =>
		(current.photo ?? null) === photo ? current : { ...current, photo, updatedAt: now }
	);
	if (!next) throw new Error('no identity to update');
	return next;
}

/**
 * Changes my identity from the row as stored now, not from a copy in memory: another tab may
 * have linked or removed a device meanwhile. `change` returns the new identity, or the same
 * object for no change. The row is written only if nobody wrote it while this one was signed
 * (WebCrypto cannot run inside an IndexedDB transaction), else the change is made again.
 * Null when there is no identity.
 */
export async function rewriteIdentity(
	db: QuartierDb,
	change: (current: StoredIdentity) => StoredIdentity | Promise<StoredIdentity>
): Promise<StoredIdentity | null> {
	for (let attempt = 0; attempt < 5; attempt++) {
		const current = await db.identity.get('self');
		if (!current) return null;
		const next = await change(current);
		if (next === current) return current;
		next.signature = await signProfile(next.privateKey, profileOf(next));
		const stored = await db.transaction('rw', db.identity, async () => {
			const now = await db.identity.get('self');
			if (now?.signature !== current.signature) return false;
			await db.identity.put(next);
			return true;
		});
		if (stored) return next;
	}
	throw new Error('my identity keeps changing in another tab');
}
