/**
 * Device-only data (DESIGN.md §4): my identity, the boards I joined with their secrets, the sync
 * bookkeeping, and a search projection derived from the board docs. Board content itself lives in
 * y-indexeddb, one database per board; nothing here is a second editable copy of it.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { BoardInput } from '$lib/domain/board/types';
import type { DeviceCertificate } from '$lib/domain/identity/device-chain';
import type {
	AdminRequestView,
	DirectoryEntry,
	DirectoryQuery
} from '$lib/domain/directory/api-types';
import type { JoinDecision, JoinStatus } from '$lib/domain/join/request';
import type { PriceTerms } from '$lib/domain/pricing/terms';

export interface StoredIdentity {
	id: 'self';
	memberId: string;
	/** The member's first key, which the member id derives from (the same on all my devices). */
	publicKey: string;
	/**
	 * This device's own signing key. Absent on the member's first device, whose key is `publicKey`;
	 * on a linked device, `devices` holds the certificates that lead to it.
	 */
	deviceKey?: string;
	/** Non-extractable CryptoKey: IndexedDB stores it by structured clone, its bytes stay hidden. */
	privateKey: CryptoKey;
	/** My linked devices as this device knows them, merged with what my boards list. */
	devices?: DeviceCertificate[];
	/** Set once I took back my first device (lost): its key no longer connects. */
	rootRemovedAt?: number | null;
	/** When I last changed name, bio or photo: with several devices, the latest edit wins. */
	updatedAt?: number | null;
	/**
	 * My profile photo (issue 19): the sha256 hex of its bytes, kept in `photoBlobs` under
	 * `MY_PHOTO_BOARD` (persistence/photo-cache.ts) and uploaded to each board's blob store.
	 */
	photo?: string | null;
	/**
	 * The ECDH key my profile publishes: the first device's. Absent on the first device itself,
	 * where it is `encryptionKey`. A linked device's own ECDH key is in its certificate.
	 */
	profileEncryptionKey?: string;
	/** This device's ECDH public key, for details sealed to me (domain/identity/sealed). */
	encryptionKey: string;
	/** Non-extractable too, kept the same way as `privateKey`. */
	encryptionPrivateKey: CryptoKey;
	/**
	 * Random, stable id of this device (not of the member): names records a member keeps per device,
	 * such as a host's per-device decisions, so two of my devices never write the same record.
	 */
	deviceId: string;
	name: string;
	bio: string;
	createdAt: number;
	signature: string;
}

export interface StoredBoard {
	id: string;
	secret: string;
	/** Cached from the doc so the home list shows names before the doc is loaded. */
	name: string;
	city: string;
	/**
	 * Cached from the doc like `name`: whether I was an admin when it was last read, so the board
	 * page lays out its admin links before the doc is read (no layout shift). Absent on rows
	 * written before it existed: read as "creator of the board on this device".
	 */
	admin?: boolean;
	joinedAt: number;
	/**
	 * Set on the device that created the board, until the board record is confirmed in the doc:
	 * lets `open()` write it again if the tab closed before y-indexeddb stored it.
	 */
	creation?: { nonce: string; input: BoardInput };
	/**
	 * Set on a board restored from an export file (state/data-transfer.ts), until its first sync
	 * rebuilt it from the relay's state and my own changes (state/board/import-confirmation.ts):
	 * a file is anyone's to edit, so until then the board says it is not confirmed.
	 */
	unconfirmed?: { importedAt: number };
}

/** A local change not yet acknowledged by the relay: the clock its transaction reached. */
export interface PendingChange {
	boardId: string;
	clientId: number;
	clock: number;
	/**
	 * The clock the transaction started at (not indexed): with `clock`, the range of structs still
	 * only on this device, so a record can tell whether its own item is among them. Missing on rows
	 * written before it existed, read as 0 (over-reports "not yet synced" until the next ack).
	 */
	from?: number;
}

export interface PostIndexRow {
	boardId: string;
	key: string;
	boardName: string;
	authorName: string;
	kind: string;
	category: string;
	title: string;
	description: string;
	area: string;
	status: string;
	/**
	 * The post's terms, so a card shows them before the doc loads. Not indexed (no schema
	 * version); absent on rows projected before terms existed, until the next rebuild.
	 */
	price?: PriceTerms | null;
	createdAt: number;
	words: string[];
}

/** One upcoming slot, for "search all my boards by city and date" (persistence/slot-projection). */
export interface SlotIndexRow {
	boardId: string;
	/** The slot's record key. */
	key: string;
	boardName: string;
	spaceKey: string;
	spaceTitle: string;
	city: string;
	neighbourhood: string;
	/** Accent-free lower-case words of the city and neighbourhood, matched by prefix. */
	cityWords: string[];
	start: number;
	end: number;
	/** Requests are refused from this time on (at the latest the start). */
	deadline: number;
	seats: number;
	freeSeats: number;
	amenities: string[];
	workMode: string;
	cancelled: boolean;
	archived: boolean;
}

export interface Setting {
	key: string;
	value: unknown;
}

/** The last answer to one directory query, shown offline with its age. */
export interface DirectoryResultRow {
	/** sync/directory-query.ts `queryKey`. */
	key: string;
	query: DirectoryQuery;
	boards: DirectoryEntry[];
	total: number;
	fetchedAt: number;
}

/** A board's public page as last fetched (or as it came in a search answer). */
export interface DirectoryBoardRow {
	boardId: string;
	entry: DirectoryEntry;
	fetchedAt: number;
}

/** A request I sent to join a board: only what I asked and what I was told, never the board. */
export interface MyJoinRequestRow {
	requestId: string;
	boardId: string;
	boardName: string;
	city: string;
	sentAt: number;
	status: JoinStatus;
	/** The admin's message on a decision. */
	message: string;
	decidedAt: number | null;
	lastCheckedAt: number | null;
	/** Set once the sealed invite opened and the board was joined (the invite itself is not kept). */
	joinedAt: number | null;
}

/** The requests of a board I administer, as the relay last listed them (for deciding offline). */
export interface BoardRequestsRow {
	boardId: string;
	requests: AdminRequestView[];
	fetchedAt: number;
}

/** An admin's decision taken on this phone, until the relay answered it. */
export interface QueuedDecisionRow {
	requestId: string;
	boardId: string;
	action: 'decide' | 'block';
	/** For `decide`; a block declines with no message. */
	decision: JoinDecision | null;
	queuedAt: number;
	/** The relay's refusal, once it gave one (the row stays so the admin sees it). */
	failure: string | null;
}

/**
 * A signed packet received by hand (issue 18), kept until the relay has taken it. `held` waits for
 * older data of its author's and is not applied yet; `applied` is in the board's doc already.
 */
export interface HandoverPacketRow {
	boardId: string;
	/** `packetId` (sync/protocol.ts): hex of the signature's first 16 bytes. */
	id: string;
	bytes: Uint8Array;
	author: string;
	about: string;
	/** The author's Yjs client ids it carries: never part of this phone's own sync. */
	clients: number[];
	state: 'held' | 'applied';
	receivedAt: number;
}

/**
 * A Yjs client id of another member whose structs this phone holds only because they came by
 * hand: its sync step 2 leaves them out, so the relay never refuses this phone's own sync for them.
 */
export interface HandoverClientRow {
	boardId: string;
	client: number;
}

/**
 * A photo of a space (issue 19), as the relay gave it (or as this phone encoded and uploaded it),
 * kept so the board's photos show offline. The hash is checked before a row is written.
 */
export interface PhotoBlobRow {
	boardId: string;
	/** sha256 hex of `bytes`. */
	hash: string;
	bytes: Uint8Array;
	/** `image/webp` or `image/jpeg`, sniffed from the bytes. */
	type: string;
	storedAt: number;
}

export type QuartierDb = Dexie & {
	identity: EntityTable<StoredIdentity, 'id'>;
	boards: EntityTable<StoredBoard, 'id'>;
	pendingChanges: Dexie.Table<PendingChange, [string, number, number]>;
	postIndex: Dexie.Table<PostIndexRow, [string, string]>;
	slotIndex: Dexie.Table<SlotIndexRow, [string, string]>;
	settings: EntityTable<Setting, 'key'>;
	directoryResults: EntityTable<DirectoryResultRow, 'key'>;
	directoryBoards: EntityTable<DirectoryBoardRow, 'boardId'>;
	myJoinRequests: EntityTable<MyJoinRequestRow, 'requestId'>;
	boardRequests: EntityTable<BoardRequestsRow, 'boardId'>;
	decisionOutbox: EntityTable<QueuedDecisionRow, 'requestId'>;
	handoverPackets: Dexie.Table<HandoverPacketRow, [string, string]>;
	handoverClients: Dexie.Table<HandoverClientRow, [string, number]>;
	photoBlobs: Dexie.Table<PhotoBlobRow, [string, string]>;
};

export function openDb(name = 'quartier'): QuartierDb {
	const db = new Dexie(name) as QuartierDb;
	db.version(1).stores({
		identity: 'id',
		boards: 'id, joinedAt',
		pendingChanges: '[boardId+clientId+clock], boardId',
		postIndex: '[boardId+key], boardId, createdAt, *words',
		settings: 'key'
	});
	// v2: newest posts of one board straight from the index, to show a big board before its doc loads.
	db.version(2).stores({
		postIndex: '[boardId+key], boardId, createdAt, [boardId+createdAt], *words'
	});
	// v3: upcoming cowork slots of every board, searched by city and date.
	db.version(3).stores({
		slotIndex: '[boardId+key], boardId, start, *cityWords'
	});
	// v4 (issue 16): the city directory's last answers, my join requests, and as an admin the
	// requests of my boards with the decisions not yet sent. New tables only: nothing to upgrade.
	db.version(4).stores({
		directoryResults: 'key, fetchedAt',
		directoryBoards: 'boardId, fetchedAt',
		myJoinRequests: 'requestId, boardId, sentAt',
		boardRequests: 'boardId',
		decisionOutbox: 'requestId, boardId, queuedAt'
	});
	// v5 (issue 18): packets received by hand until the relay took them, and the client ids they
	// brought. New tables only: nothing to upgrade.
	db.version(5).stores({
		handoverPackets: '[boardId+id], boardId',
		handoverClients: '[boardId+client], boardId'
	});
	// v6 (issue 19): photos of spaces, by board and hash, for offline viewing. New table only.
	db.version(6).stores({
		photoBlobs: '[boardId+hash], boardId'
	});
	return db;
}
