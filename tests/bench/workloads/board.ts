/**
 * The big board of C1 and B1: 200 members, 10,000 help posts and 50,000 bookings, written through
 * the app's own domain commands: signed profiles (with their encryption keys), the board record,
 * createPost, and the coworking of board-cowork.ts (spaces with sealed addresses, weekly slots,
 * requestBooking / cancelBooking, the hosts' decide() rosters with addresses sealed to guests).
 * Each member's posts are one Yjs client, each coworking sitting another, all merged into one doc.
 * Keys and record ids are random (the app draws them); every choice and count is seeded.
 */
import * as Y from 'yjs';
import * as boardCommands from '../../../src/lib/domain/board/commands';
import { newBoardIdentity } from '../../../src/lib/domain/board/board-id';
import * as help from '../../../src/lib/domain/help/commands';
import { CATEGORIES } from '../../../src/lib/domain/help/types';
import { generateIdentityKeys, signProfile } from '../../../src/lib/domain/identity/keys';
import { generateEncryptionKeys } from '../../../src/lib/domain/identity/sealed';
import { publishProfile } from '../../../src/lib/domain/members/publish';
import {
	GUESTS_PER_SERIES,
	HOST_EVERY,
	SERIES_PER_HOST,
	WEEKS_PER_SERIES,
	seeded,
	writeCowork,
	type CoworkMember
} from './board-cowork';

export const MEMBERS = 200;
export const POSTS = 10_000;
export const BOOKINGS =
	(MEMBERS / HOST_EVERY) * SERIES_PER_HOST * WEEKS_PER_SERIES * GUESTS_PER_SERIES;
/** A word only in every 1,000th post's title: the search B1 types. */
export const SEARCH_WORD = 'tournevis';
export const SEARCH_MATCHES = POSTS / 1000;

export interface BoardRecord {
	/** The top-level Y.Map it lives in: posts, bookings, spaces, slots, rosters, members, board. */
	collection: string;
	memberId: string;
	id: string;
	value: unknown;
}

export interface BenchBoard {
	boardId: string;
	update: Uint8Array;
	/** Every record in the board, for the plain-Yjs comparison. */
	records: BoardRecord[];
	/** Who wrote it (their signing keys, as on their phones): B1's remote writers speak as them. */
	members: BenchMember[];
}

export interface BenchMember {
	memberId: string;
	publicKey: string;
	privateKey: CryptoKey;
}

let cached: Promise<BenchBoard> | null = null;

export function benchBoard(): Promise<BenchBoard> {
	cached ??= build();
	return cached;
}

async function build(): Promise<BenchBoard> {
	const now = 1_760_000_000_000;
	const rand = seeded(15);
	const members = await Promise.all(
		Array.from({ length: MEMBERS }, async () => ({
			...(await generateIdentityKeys()),
			encryption: await generateEncryptionKeys()
		}))
	);
	const creator = members[0]!;
	const { boardId, nonce } = newBoardIdentity(creator.memberId);
	const board = new Y.Doc();
	const input = {
		name: 'Rue des Tilleuls',
		city: 'Esch-sur-Alzette',
		neighbourhood: 'Brill',
		description: ''
	};
	for (const [m, member] of members.entries()) {
		const doc = new Y.Doc();
		if (m === 0) boardCommands.createBoard(doc, member.memberId, nonce, input, now);
		const fields = {
			name: `Voisin ${m}`,
			bio: '',
			publicKey: member.publicKey,
			joinedAt: now,
			encryptionKey: member.encryption.publicKey
		};
		const signature = await signProfile(member.privateKey, fields);
		publishProfile(doc, member.memberId, { ...fields, signature });
		for (let p = 0; p < POSTS / MEMBERS; p++) {
			const n = m * (POSTS / MEMBERS) + p;
			const title = n % 1000 === 0 ? `Prête un ${SEARCH_WORD} n°${n}` : `Coup de main n°${n}`;
			help.createPost(
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
		}
		Y.applyUpdate(board, Y.encodeStateAsUpdate(doc));
		doc.destroy();
	}
	const coworkers: CoworkMember[] = members.map((m, i) => ({
		memberId: m.memberId,
		name: `Voisin ${i}`,
		encryption: m.encryption
	}));
	await writeCowork(coworkers, now, rand, (update) => Y.applyUpdate(board, update));
	const records = recordsOf(board);
	const update = Y.encodeStateAsUpdate(board);
	board.destroy();
	const writers = members.map(({ memberId, publicKey, privateKey }) => ({
		memberId,
		publicKey,
		privateKey
	}));
	return { boardId, update, records, members: writers };
}

/** Every record's latest value, keyed by its record id alone (the key after the author's id). */
function recordsOf(doc: Y.Doc): BoardRecord[] {
	const records: BoardRecord[] = [];
	// Top-level types decoded from an update stay untyped until asked for as what they are.
	for (const collection of [...doc.share.keys()]) {
		doc.getMap(collection).forEach((value, key) => {
			const [memberId = '', id = key] = key.split(':');
			records.push({ collection, memberId, id: collection === 'members' ? memberId : id, value });
		});
	}
	return records;
}

/** Who owns each client id of the board: the prefix of the keys its items were written under. */
export function ownersOf(update: Uint8Array): Map<number, string> {
	const owners = new Map<number, string>();
	for (const s of Y.decodeUpdate(update).structs) {
		const key = (s as Y.Item).parentSub;
		if (typeof key === 'string' && !owners.has(s.id.client))
			owners.set(s.id.client, key.split(':')[0]!);
	}
	return owners;
}
