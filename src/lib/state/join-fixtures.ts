/** Test helpers for the directory and join-request state: a phone's host over fake-indexeddb. */
import type { DirectoryEntry } from '$lib/domain/directory/api-types';
import type { Invite } from '$lib/domain/board/invite';
import { openDb, type QuartierDb, type StoredIdentity } from '$lib/persistence/db';
import { createIdentity } from '$lib/persistence/identity-store';
import type { DirectoryClient } from '$lib/sync/directory-client';

let n = 0;

export interface FakeHost {
	db: QuartierDb;
	identity: StoredIdentity;
	online: boolean;
	directory: DirectoryClient;
	joined: Invite[];
	joinBoard(invite: Invite): Promise<string>;
	reportError(error: unknown): void;
}

/** A host whose directory client is `client` (only the methods a test uses). */
export async function fakeHost(
	client: Partial<DirectoryClient>,
	name = 'Chloé'
): Promise<FakeHost> {
	const db = openDb(`join-test-${++n}-${Math.random()}`);
	const identity = await createIdentity(db, name, '', 1000);
	const joined: Invite[] = [];
	return {
		db,
		identity,
		online: true,
		directory: client as DirectoryClient,
		joined,
		joinBoard: (invite) => {
			joined.push(invite);
			return Promise.resolve(invite.boardId);
		},
		reportError: (error) => {
			throw error;
		}
	};
}

export function entry(boardId: string, over: Partial<DirectoryEntry> = {}): DirectoryEntry {
	return {
		boardId,
		visibility: 'listed',
		name: 'Entraide Bonnevoie',
		city: 'Luxembourg',
		neighbourhood: 'Bonnevoie',
		description: '',
		placeId: null,
		memberCount: 1,
		questions: ['Pourquoi ?'],
		posts: [
			{
				kind: 'offer',
				title: 'Aide informatique',
				category: 'computing',
				price: { kind: 'hourly', cents: 1500 }
			}
		],
		spaces: [],
		place: null,
		updatedAt: 1,
		...over
	};
}
