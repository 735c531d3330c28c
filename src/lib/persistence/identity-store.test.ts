import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isId } from '$lib/domain/ids';
import { generateIdentityKeys, signProfile, verifyProfile } from '$lib/domain/identity/keys';
import { ENCRYPTION_KEY_RE, open, seal } from '$lib/domain/identity/sealed';
import { openDb, type QuartierDb, type StoredIdentity } from './db';
import { createIdentity, loadIdentity, updateProfile } from './identity-store';

let db: QuartierDb;
let n = 0;

beforeEach(() => {
	db = openDb(`identity-test-${++n}`);
});
afterEach(async () => {
	await db.delete();
});

const profileOf = (i: StoredIdentity) => ({
	name: i.name,
	bio: i.bio,
	publicKey: i.publicKey,
	joinedAt: i.createdAt,
	encryptionKey: i.encryptionKey,
	signature: i.signature
});

/** An identity as installs from before encryption keys stored it. */
async function storeLegacyIdentity() {
	const keys = await generateIdentityKeys();
	const fields = { name: 'Amélie', bio: 'vélo', publicKey: keys.publicKey, joinedAt: 1000 };
	const legacy = {
		id: 'self' as const,
		memberId: keys.memberId,
		publicKey: keys.publicKey,
		privateKey: keys.privateKey,
		name: fields.name,
		bio: fields.bio,
		createdAt: fields.joinedAt,
		signature: await signProfile(keys.privateKey, fields)
	};
	await db.identity.put(legacy as StoredIdentity);
	return legacy;
}

describe('identity store', () => {
	it('creates an identity with an encryption key and a device id, all signed', async () => {
		const created = await createIdentity(db, 'Amélie', '', 1000);
		expect(created.encryptionKey).toMatch(ENCRYPTION_KEY_RE);
		expect(created.encryptionPrivateKey.extractable).toBe(false);
		expect(isId(created.deviceId)).toBe(true);
		expect(await verifyProfile(profileOf(created))).toBe(true);

		const loaded = await loadIdentity(db);
		expect(loaded).toMatchObject({
			encryptionKey: created.encryptionKey,
			deviceId: created.deviceId,
			signature: created.signature
		});
		// The stored private key still works after its round trip through IndexedDB.
		const sealed = await seal(
			loaded!.encryptionPrivateKey,
			loaded!.encryptionKey,
			created.encryptionKey,
			'ctx',
			'12 rue des Lilas'
		);
		expect(await open(created.encryptionPrivateKey, created.encryptionKey, sealed, 'ctx')).toBe(
			'12 rue des Lilas'
		);
	});

	it('keeps the keys and device id when the profile changes', async () => {
		const created = await createIdentity(db, 'Amélie', '', 1000);
		const updated = await updateProfile(db, 'Amélie P.', 'jardin', 2000);
		expect(updated.encryptionKey).toBe(created.encryptionKey);
		expect(updated.deviceId).toBe(created.deviceId);
		expect(await verifyProfile(profileOf(updated))).toBe(true);
		expect(await loadIdentity(db)).toMatchObject({ name: 'Amélie P.', deviceId: created.deviceId });
	});

	it('gives an identity stored before encryption keys one, once', async () => {
		const legacy = await storeLegacyIdentity();
		const upgraded = await loadIdentity(db);
		expect(upgraded).toMatchObject({ memberId: legacy.memberId, name: 'Amélie', bio: 'vélo' });
		expect(upgraded!.encryptionKey).toMatch(ENCRYPTION_KEY_RE);
		expect(isId(upgraded!.deviceId)).toBe(true);
		expect(upgraded!.signature).not.toBe(legacy.signature);
		expect(await verifyProfile(profileOf(upgraded!))).toBe(true);

		const again = await loadIdentity(db);
		expect(again).toMatchObject({
			encryptionKey: upgraded!.encryptionKey,
			deviceId: upgraded!.deviceId,
			signature: upgraded!.signature
		});
	});

	it('lets two tabs upgrading at once agree on one encryption key', async () => {
		await storeLegacyIdentity();
		const [a, b] = await Promise.all([loadIdentity(db), loadIdentity(db)]);
		expect(a!.encryptionKey).toBe(b!.encryptionKey);
		expect(a!.deviceId).toBe(b!.deviceId);
		expect((await loadIdentity(db))!.encryptionKey).toBe(a!.encryptionKey);
	});

	it('has nothing to load on a fresh install', async () => {
		expect(await loadIdentity(db)).toBeNull();
	});
});
