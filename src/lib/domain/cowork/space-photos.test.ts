/**
 * A space's photos (issue 19): only hashes on the record, written by the host's own command, and a
 * record holding a malformed list is refused like any bad field.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection, ROOT } from '../board/schema';
import type { InvalidRecord } from '../board/types';
import { NotAuthorError, RuleError } from '../errors';
import { PHOTO_LIMITS } from '../photos/rules';
import { FAKE_SEALED, memberId } from '../test-helpers';
import { readSpaces } from './read';
import * as spaces from './space-commands';
import type { SpaceInput } from './types';

const NOW = Date.UTC(2026, 11, 2, 8);
const host = memberId('host');
const guest = memberId('guest');
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
const SPACE: SpaceInput = {
	title: 'Salon lumineux',
	description: '',
	city: 'Lyon',
	neighbourhood: '',
	seats: 2,
	amenities: [],
	workMode: 'quiet-chat',
	houseRules: '',
	autoAccept: false
};

function newSpace() {
	const doc = new Y.Doc();
	const key = spaces.createSpace(doc, host, SPACE, FAKE_SEALED, NOW);
	return { doc, key };
}

/** Writes `photos` into the stored record directly, as a forged or buggy client could. */
function forge(doc: Y.Doc, key: string, photos: unknown) {
	const map = collection(doc, ROOT.spaces);
	map.set(key, { ...(map.get(key) as object), photos });
}

describe('space photos', () => {
	it('start empty, and older records without the field read as no photos', () => {
		const { doc, key } = newSpace();
		expect(readSpaces(doc).get(key)?.photos).toEqual([]);
		const map = collection(doc, ROOT.spaces);
		const { photos: _dropped, ...older } = map.get(key) as Record<string, unknown>;
		map.set(key, older);
		expect(readSpaces(doc).get(key)?.photos).toEqual([]);
	});

	it('are set by the host, in order, and survive an edit of the space', () => {
		const { doc, key } = newSpace();
		const list = [hashOf('desk'), hashOf('window')];
		spaces.setSpacePhotos(doc, host, key, list, NOW + 1);
		expect(readSpaces(doc).get(key)).toMatchObject({ photos: list, updatedAt: NOW + 1 });
		spaces.editSpace(doc, host, key, { ...SPACE, title: 'Salon' }, null, NOW + 2);
		expect(readSpaces(doc).get(key)).toMatchObject({ title: 'Salon', photos: list });
	});

	it('cannot be set by anyone else', () => {
		const { doc, key } = newSpace();
		expect(() => spaces.setSpacePhotos(doc, guest, key, [hashOf('x')], NOW)).toThrow(
			NotAuthorError
		);
	});

	it('refuse a bad list before it reaches the doc', () => {
		const { doc, key } = newSpace();
		const tooMany = Array.from({ length: PHOTO_LIMITS.perSpace + 1 }, (_, i) => hashOf(`${i}`));
		for (const bad of [['nope'], [hashOf('a'), hashOf('a')], tooMany]) {
			expect(() => spaces.setSpacePhotos(doc, host, key, bad, NOW)).toThrow(RuleError);
		}
		expect(readSpaces(doc).get(key)?.photos).toEqual([]);
	});

	it('make the record invalid when malformed in the doc, like any bad field', () => {
		const bad: unknown[] = [
			['../../etc/passwd'],
			[hashOf('a').toUpperCase()],
			[hashOf('a'), hashOf('a')],
			Array.from({ length: PHOTO_LIMITS.perSpace + 1 }, (_, i) => hashOf(`${i}`)),
			'not a list',
			[42]
		];
		for (const photos of bad) {
			const { doc, key } = newSpace();
			forge(doc, key, photos);
			const invalid: InvalidRecord[] = [];
			expect(readSpaces(doc, invalid).has(key)).toBe(false);
			expect(invalid.map((i) => i.key)).toEqual([key]);
		}
	});
});
