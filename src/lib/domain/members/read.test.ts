import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { InvalidRecord } from '../board/types';
import { generateIdentityKeys, profilePayload, signProfile, verifyProfile } from '../identity/keys';
import { generateEncryptionKeys } from '../identity/sealed';
import { memberId } from '../test-helpers';
import { publishProfile } from './publish';
import { readMembers } from './read';

describe('member records', () => {
	it('keeps members whose id derives from their public key, with a valid signature', async () => {
		const keys = await generateIdentityKeys();
		const fields = { name: 'Alice', bio: '', publicKey: keys.publicKey, joinedAt: 5 };
		const signature = await signProfile(keys.privateKey, fields);
		const doc = new Y.Doc();
		publishProfile(doc, keys.memberId, { ...fields, signature });
		// Someone publishes a profile with Alice's key under their own id.
		publishProfile(doc, memberId('mallory'), { ...fields, name: 'Mallory', signature });
		const invalid: InvalidRecord[] = [];
		const members = readMembers(doc, invalid);
		expect([...members.keys()]).toEqual([keys.memberId]);
		expect(invalid[0]?.reason).toBe('public key does not match member id');
		expect(await verifyProfile({ ...fields, signature })).toBe(true);
		expect(await verifyProfile({ ...fields, name: 'Alicia', signature })).toBe(false);
		expect(keys.privateKey.extractable).toBe(false);
	});

	it('signs the encryption key, so nobody can swap in their own', async () => {
		const keys = await generateIdentityKeys();
		const [mine, mallorys] = await Promise.all([
			generateEncryptionKeys(),
			generateEncryptionKeys()
		]);
		const fields = {
			name: 'Alice',
			bio: '',
			publicKey: keys.publicKey,
			joinedAt: 5,
			encryptionKey: mine.publicKey
		};
		const signature = await signProfile(keys.privateKey, fields);
		const doc = new Y.Doc();
		publishProfile(doc, keys.memberId, { ...fields, signature });
		const member = readMembers(doc).get(keys.memberId);
		expect(member?.encryptionKey).toBe(mine.publicKey);
		expect(await verifyProfile(member!)).toBe(true);
		expect(await verifyProfile({ ...member!, encryptionKey: mallorys.publicKey })).toBe(false);
		// Dropping the key does not fall back to a valid v1 profile either.
		expect(await verifyProfile({ ...member!, encryptionKey: null })).toBe(false);
	});

	it('keeps verifying v1 profiles, which have no encryption key', async () => {
		const keys = await generateIdentityKeys();
		const fields = { name: 'Bob', bio: 'vélo', publicKey: keys.publicKey, joinedAt: 7 };
		// The exact bytes older clients signed: changing them would unsign every existing member.
		expect(new TextDecoder().decode(profilePayload(fields))).toBe(
			`["quartier/profile/v1","Bob","vélo","${keys.publicKey}",7]`
		);
		const signature = await signProfile(keys.privateKey, fields);
		const doc = new Y.Doc();
		publishProfile(doc, keys.memberId, { ...fields, signature });
		const member = readMembers(doc).get(keys.memberId);
		expect(member?.encryptionKey).toBeNull();
		expect(await verifyProfile(member!)).toBe(true);
		const { publicKey } = await generateEncryptionKeys();
		expect(await verifyProfile({ ...member!, encryptionKey: publicKey })).toBe(false);
	});

	it('refuses a member record with a malformed encryption key', () => {
		const doc = new Y.Doc();
		const id = memberId('a');
		const profile = { name: 'A', bio: '', publicKey: 'k'.repeat(43), joinedAt: 1, signature: 's' };
		publishProfile(doc, id, { ...profile, encryptionKey: 'B'.repeat(40) });
		const invalid: InvalidRecord[] = [];
		expect(readMembers(doc, invalid).size).toBe(0);
		expect(invalid[0]?.reason).toMatch(/^encryptionKey: /);
	});

	it('drops a stale encryption key when republishing without one', async () => {
		const doc = new Y.Doc();
		const id = memberId('a');
		const profile = { name: 'A', bio: '', publicKey: 'k'.repeat(43), joinedAt: 1, signature: 's' };
		const { publicKey } = await generateEncryptionKeys();
		publishProfile(doc, id, { ...profile, encryptionKey: publicKey });
		publishProfile(doc, id, profile);
		expect(doc.getMap('members').get(`${id}:profile`)).not.toHaveProperty('encryptionKey');
	});

	it('does not rewrite an unchanged profile', () => {
		const doc = new Y.Doc();
		const id = memberId('a');
		const profile = { name: 'A', bio: '', publicKey: 'k'.repeat(43), joinedAt: 1, signature: 's' };
		publishProfile(doc, id, profile);
		let updates = 0;
		doc.on('update', () => updates++);
		publishProfile(doc, id, profile);
		expect(updates).toBe(0);
	});
});
