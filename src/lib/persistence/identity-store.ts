import { generateIdentityKeys, signProfile } from '$lib/domain/identity/keys';
import type { QuartierDb, StoredIdentity } from './db';

export async function loadIdentity(db: QuartierDb): Promise<StoredIdentity | null> {
	return (await db.identity.get('self')) ?? null;
}

/** First launch: make the key pair and keep it on this device only. */
export async function createIdentity(
	db: QuartierDb,
	name: string,
	bio: string,
	now: number
): Promise<StoredIdentity> {
	const keys = await generateIdentityKeys();
	const fields = { name, bio, publicKey: keys.publicKey, joinedAt: now };
	const identity: StoredIdentity = {
		id: 'self',
		memberId: keys.memberId,
		publicKey: keys.publicKey,
		privateKey: keys.privateKey,
		name,
		bio,
		createdAt: now,
		signature: await signProfile(keys.privateKey, fields)
	};
	await db.identity.put(identity);
	return identity;
}

export async function updateProfile(
	db: QuartierDb,
	current: StoredIdentity,
	name: string,
	bio: string
): Promise<StoredIdentity> {
	const fields = { name, bio, publicKey: current.publicKey, joinedAt: current.createdAt };
	const next = { ...current, name, bio, signature: await signProfile(current.privateKey, fields) };
	await db.identity.put(next);
	return next;
}
