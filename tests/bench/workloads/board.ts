/**
 * The big board of C1 and B1: 200 members, 10,000 help posts and 50,000 bookings, written through
 * the app's own domain commands (signed profiles, board record, createPost), each member on a
 * Y.Doc of its own, then merged. Bookings do not exist in the app yet (another issue): they are
 * plain JSON records in a top-level Y.Map 'bookings' keyed `<memberId>:<id>`, as the schema will be.
 */
import * as Y from 'yjs';
import * as boardCommands from '../../../src/lib/domain/board/commands';
import { newBoardIdentity } from '../../../src/lib/domain/board/board-id';
import * as help from '../../../src/lib/domain/help/commands';
import { CATEGORIES } from '../../../src/lib/domain/help/types';
import { generateIdentityKeys, signProfile } from '../../../src/lib/domain/identity/keys';
import { publishProfile } from '../../../src/lib/domain/members/publish';

export const MEMBERS = 200;
export const POSTS = 10_000;
export const BOOKINGS = 50_000;
/** A word only in every 1,000th post's title: the search B1 types. */
export const SEARCH_WORD = 'tournevis';
export const SEARCH_MATCHES = POSTS / 1000;

export interface BoardRecord {
	collection: 'posts' | 'bookings';
	memberId: string;
	id: string;
	value: unknown;
}

export interface BenchBoard {
	boardId: string;
	update: Uint8Array;
	/** Every post and booking, for the plain-Yjs comparison. */
	records: BoardRecord[];
}

let cached: Promise<BenchBoard> | null = null;

export function benchBoard(): Promise<BenchBoard> {
	cached ??= build();
	return cached;
}

async function build(): Promise<BenchBoard> {
	const now = 1_760_000_000_000;
	const members = await Promise.all(Array.from({ length: MEMBERS }, () => generateIdentityKeys()));
	const creator = members[0]!;
	const { boardId, nonce } = newBoardIdentity(creator.memberId);
	const board = new Y.Doc();
	const records: BoardRecord[] = [];
	const input = {
		name: 'Rue des Tilleuls',
		city: 'Esch-sur-Alzette',
		neighbourhood: 'Brill',
		description: ''
	};
	for (const [m, member] of members.entries()) {
		const doc = new Y.Doc();
		if (m === 0) boardCommands.createBoard(doc, member.memberId, nonce, input, now);
		const fields = { name: `Voisin ${m}`, bio: '', publicKey: member.publicKey, joinedAt: now };
		const signature = await signProfile(member.privateKey, fields);
		publishProfile(doc, member.memberId, { ...fields, signature });
		const postKeys: string[] = [];
		for (let p = 0; p < POSTS / MEMBERS; p++) {
			const n = m * (POSTS / MEMBERS) + p;
			const title = n % 1000 === 0 ? `Prête un ${SEARCH_WORD} n°${n}` : `Coup de main n°${n}`;
			const key = help.createPost(
				doc,
				member.memberId,
				{
					kind: n % 3 === 0 ? 'request' : 'offer',
					category: CATEGORIES[n % CATEGORIES.length]!,
					title,
					description: 'Je peux aider le soir et le week-end, avec mes outils.',
					availability: 'soirs',
					area: 'Brill'
				},
				now + n
			);
			postKeys.push(key);
			records.push({
				collection: 'posts',
				memberId: member.memberId,
				id: key.split(':')[1]!,
				value: doc.getMap('posts').get(key)
			});
		}
		const bookings = doc.getMap('bookings');
		for (let b = 0; b < BOOKINGS / MEMBERS; b++) {
			const id = `b${b}`;
			const value = {
				schemaVersion: 1,
				slotKey: postKeys[b % postKeys.length],
				seats: 1 + (b % 3),
				status: 'requested',
				createdAt: now + b,
				updatedAt: now + b
			};
			doc.transact(() => bookings.set(`${member.memberId}:${id}`, value));
			records.push({ collection: 'bookings', memberId: member.memberId, id: `${m}-${id}`, value });
		}
		Y.applyUpdate(board, Y.encodeStateAsUpdate(doc));
		doc.destroy();
	}
	const update = Y.encodeStateAsUpdate(board);
	board.destroy();
	return { boardId, update, records };
}
