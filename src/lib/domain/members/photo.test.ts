/**
 * The profile photo in a member's record (issue 19): signed with the rest of the profile when
 * there is one, absent otherwise, and then the bytes signed are exactly those signed before
 * photos existed, so every older record keeps verifying.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { InvalidRecord } from '../board/types';
import { generateIdentityKeys, profilePayload, signProfile, verifyProfile } from '../identity/keys';
import { mergeProfiles } from '../identity/my-devices';
import { generateEncryptionKeys } from '../identity/sealed';
import { memberId } from '../test-helpers';
import { publishProfile } from './publish';
import { readMembers } from './read';
import type { ProfileFields } from './types';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('a member record with a photo', () => {
	it('is signed with the photo: another hash or none no longer verifies', async () => {
		const keys = await generateIdentityKeys();
		const fields: ProfileFields = {
			name: 'Alice',
			bio: '',
			publicKey: keys.publicKey,
			joinedAt: 5,
			encryptionKey: (await generateEncryptionKeys()).publicKey,
			updatedAt: 9,
			photo: hashOf('alice.webp')
		};
		const signature = await signProfile(keys.privateKey, fields);
		expect(JSON.parse(text(profilePayload(fields)))[0]).toBe('quartier/profile/v4');
		const doc = new Y.Doc();
		publishProfile(doc, keys.memberId, { ...fields, signature });
		const member = readMembers(doc).get(keys.memberId)!;
		expect(member.photo).toBe(fields.photo);
		expect(await verifyProfile(member)).toBe(true);
		expect(await verifyProfile({ ...member, photo: hashOf('mallory.webp') })).toBe(false);
		expect(await verifyProfile({ ...member, photo: null })).toBe(false);
	});

	it('leaves the bytes of records without a photo exactly as before (v1, v2, v3)', async () => {
		const keys = await generateIdentityKeys();
		const { publicKey: encryptionKey } = await generateEncryptionKeys();
		const v1 = { name: 'Bob', bio: 'vélo', publicKey: keys.publicKey, joinedAt: 7 };
		const v2 = { ...v1, encryptionKey };
		const v3 = { ...v2, rootRemovedAt: 8, updatedAt: 9 };
		// What clients from before photos signed, written out: v3's field order is part of it.
		expect(text(profilePayload(v1))).toBe(
			`["quartier/profile/v1","Bob","vélo","${keys.publicKey}",7]`
		);
		expect(text(profilePayload(v2))).toBe(
			`["quartier/profile/v2","Bob","vélo","${keys.publicKey}",7,"${encryptionKey}"]`
		);
		expect(text(profilePayload(v3))).toBe(
			`["quartier/profile/v3","Bob","vélo","${keys.publicKey}",7,"${encryptionKey}",` +
				`"${keys.publicKey}",8,[],9]`
		);
		for (const fields of [v1, v2, v3]) {
			const signature = await signProfile(keys.privateKey, fields);
			expect(text(profilePayload({ ...fields, photo: null }))).toBe(text(profilePayload(fields)));
			const doc = new Y.Doc();
			publishProfile(doc, keys.memberId, { ...fields, signature });
			const member = readMembers(doc).get(keys.memberId)!;
			expect(member.photo).toBeNull();
			expect(await verifyProfile(member)).toBe(true);
			// Nobody can add a photo to someone's record without their key.
			expect(await verifyProfile({ ...member, photo: hashOf('x') })).toBe(false);
		}
	});

	it('refuses a record whose photo is not a sha256 hex name', () => {
		const profile = { name: 'A', bio: '', publicKey: 'k'.repeat(43), joinedAt: 1, signature: 's' };
		const bad = [hashOf('a').toUpperCase(), hashOf('a').slice(2), `../${hashOf('a')}`, '', 42];
		for (const photo of bad) {
			const doc = new Y.Doc();
			publishProfile(doc, memberId('a'), { ...profile, photo: photo as string });
			const invalid: InvalidRecord[] = [];
			expect(readMembers(doc, invalid).size).toBe(0);
			expect(invalid[0]?.reason).toMatch(/^photo: /);
		}
	});

	it('drops the photo when republished without one', () => {
		const doc = new Y.Doc();
		const id = memberId('a');
		const profile = { name: 'A', bio: '', publicKey: 'k'.repeat(43), joinedAt: 1, signature: 's' };
		publishProfile(doc, id, { ...profile, photo: hashOf('a') });
		publishProfile(doc, id, profile);
		expect(doc.getMap('members').get(`${id}:profile`)).not.toHaveProperty('photo');
	});
});

describe('the photo across my devices', () => {
	const mine = { publicKey: 'k'.repeat(43), encryptionKey: 'e', name: 'A', bio: '' };
	const seen = { name: 'A', bio: '', devices: [], rootRemovedAt: null, signer: mine.publicKey };

	it('follows the latest edit, a removal included', () => {
		const photo = hashOf('a');
		expect(mergeProfiles({ ...mine, updatedAt: 1 }, { ...seen, updatedAt: 2, photo }).photo).toBe(
			photo
		);
		expect(
			mergeProfiles({ ...mine, updatedAt: 3, photo }, { ...seen, updatedAt: 2, photo: null }).photo
		).toBe(photo);
		expect(
			mergeProfiles({ ...mine, updatedAt: 1, photo }, { ...seen, updatedAt: 2, photo: null }).photo
		).toBeNull();
	});

	it('picks the same photo on both devices when two edits tie', () => {
		const [a, b] = [hashOf('a'), hashOf('b')];
		const one = mergeProfiles(
			{ ...mine, updatedAt: 2, photo: a },
			{ ...seen, updatedAt: 2, photo: b }
		);
		const other = mergeProfiles(
			{ ...mine, updatedAt: 2, photo: b },
			{ ...seen, updatedAt: 2, photo: a }
		);
		expect(one.photo).toBe(other.photo);
	});
});
