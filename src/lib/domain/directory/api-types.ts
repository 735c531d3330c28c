/**
 * The shapes of the relay's directory and join-request answers (issue 16; the relay's README
 * documents the API). Types only: answers come from the network, and sync/directory-client.ts
 * checks what it uses before handing them on; persistence caches them as they came.
 */
import type { DirectorySummary } from './summary';
import type { JoinStatus } from '../join/request';
import type { Category } from '../help/types';
import type { Sealed } from '../identity/sealed';

export interface Place {
	id: number;
	name: string;
	/** ISO 3166-1 alpha-2. */
	country: string;
	lat: number;
	lon: number;
	population: number;
}

export type DirectoryEntry = DirectorySummary & { place: Place | null; updatedAt: number };

export type DirectoryKind = 'offer' | 'request' | 'seats';

/** What "Découvrir" asks; empty values are left out of the query string. */
export interface DirectoryQuery {
	q: string;
	kind: DirectoryKind | '';
	category: Category | '';
	/** YYYY-MM-DD, for seats. */
	date: string;
	/** Free seats wanted (0: any). */
	seats: number;
	freeOnly: boolean;
	/** Null: no maximum. */
	maxPriceCents: number | null;
	near: number | null;
}

export const EMPTY_QUERY: DirectoryQuery = {
	q: '',
	kind: '',
	category: '',
	date: '',
	seats: 0,
	freeOnly: false,
	maxPriceCents: null,
	near: null
};

export interface DirectoryAnswer {
	boards: DirectoryEntry[];
	total: number;
}

export interface JoinStatusAnswer {
	requestId: string;
	boardId: string;
	status: JoinStatus;
	message: string;
	decidedAt: number | null;
	sealedInvite: Sealed | null;
}

/** One request as the board's admins see it. */
export interface AdminRequestView {
	requestId: string;
	memberId: string;
	name: string;
	bio: string;
	answers: string[];
	encryptionKey: string;
	at: number;
	status: JoinStatus;
	decidedAt: number | null;
	decidedBy: string | null;
	message: string;
}
