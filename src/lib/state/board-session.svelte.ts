/**
 * One open board: its Y.Doc, persisted in IndexedDB and linked to the relay, exposed to the UI as
 * plain read-only snapshots that are replaced whenever the doc changes.
 */
import * as Y from 'yjs';
import * as board from '$lib/domain/board/commands';
import * as boardRead from '$lib/domain/board/read';
import * as moderation from '$lib/domain/trust/moderation';
import * as memberProfile from '$lib/domain/members/publish';
import { readMembers } from '$lib/domain/members/read';
import * as help from '$lib/domain/help/commands';
import { ROOT, type RootName } from '$lib/domain/board/schema';
import { profilePayload, signBytes, verifyProfile } from '$lib/domain/identity/keys';
import {
	mergeProfiles,
	ownDeviceKey,
	proofChain,
	sameProfileContent
} from '$lib/domain/identity/my-devices';
import { profileOf } from '$lib/persistence/identity-store';
import * as helpRead from '$lib/domain/help/read';
import type { BoardInfo, InvalidRecord } from '$lib/domain/board/types';
import type { MemberProfile } from '$lib/domain/members/types';
import type { HelpPost, PostInput, PostStatus } from '$lib/domain/help/types';
import type { QuartierDb, StoredBoard, StoredIdentity } from '$lib/persistence/db';
import { persistBoardDoc, whenLoaded } from '$lib/persistence/board-doc';
import * as pendingStore from '$lib/persistence/pending-store';
import { newestPosts, projectBoardPosts } from '$lib/persistence/post-projection';
import { projectBoardSlots } from '$lib/persistence/slot-projection';
import type { PostIndexRow } from '$lib/persistence/db';
import { updateBoardCache } from '$lib/persistence/board-store';
import { BoardConnection, type LinkState } from '$lib/sync/board-connection';
import { deriveRoomToken } from '$lib/sync/room-token';
import type { IndexeddbPersistence } from 'y-indexeddb';
import type { Booking, PrivateDetails, SlotInput, SpaceInput } from '$lib/domain/cowork/types';
import { CoworkState } from './cowork.svelte';
import { AidState } from './aid.svelte';
import { readBlocks } from '$lib/domain/trust/blocks';
import type { CoworkSnapshot } from './cowork-snapshot';
import { signatureCheckKey } from './signature-cache';

/** Origin of this device's own edits, so sync code can tell them from replays and remote updates. */
const LOCAL = Symbol('local-edit');
/** Batches projection rebuilds during a burst of remote updates (a catch-up after days offline). */
const PROJECTION_DELAY_MS = 250;

/** Changes to these collections re-derive cowork states (members: keys and names; the rest: who is hidden). */
const COWORK_INPUTS: readonly RootName[] = [
	ROOT.spaces,
	ROOT.slots,
	ROOT.bookings,
	ROOT.rosters,
	ROOT.members,
	ROOT.moderation,
	ROOT.board,
	ROOT.blocks
];

/** Changes to these re-derive engagements, ratings and trust marks (ratings of bookings too). */
const AID_INPUTS: readonly RootName[] = [
	...COWORK_INPUTS,
	ROOT.posts,
	ROOT.engagements,
	ROOT.responses,
	ROOT.comments,
	ROOT.ratings,
	ROOT.reports
];

/** As many as the board page shows at first. */
const PREVIEW_SIZE = 30;

function previewPost(row: PostIndexRow): HelpPost {
	return {
		key: row.key,
		authorId: row.key.split(':', 1)[0] ?? '',
		kind: row.kind as HelpPost['kind'],
		category: row.category as HelpPost['category'],
		title: row.title,
		description: row.description,
		availability: '',
		area: row.area,
		status: row.status as HelpPost['status'],
		contactSealed: null,
		createdAt: row.createdAt,
		updatedAt: row.createdAt
	};
}

export interface SessionDeps {
	db: QuartierDb;
	relayUrl: string;
	reportError: (error: unknown) => void;
	isOnline: () => boolean;
	/**
	 * My (verified) member record here says something this device does not know: another of my
	 * devices linked or took one back, or edited my name. The app merges it into my identity
	 * (identity/my-devices.ts `mergeProfiles`) and calls `setIdentity`, which republishes.
	 */
	adoptProfile?: (listed: MemberProfile) => void;
}

export class BoardSession {
	info = $state.raw<BoardInfo | null>(null);
	// Replaced whole on every change, never mutated: a plain Map is the right shape here.
	members = $state.raw<ReadonlyMap<string, MemberProfile>>(new Map());
	posts = $state.raw<readonly HelpPost[]>([]);
	/** Posts an admin hid from me (not mine): admins still need their titles to review them. */
	hiddenPosts = $state.raw<readonly HelpPost[]>([]);
	invalid = $state.raw<readonly InvalidRecord[]>([]);
	/** Members an admin removed: their posts are hidden and the relay refuses them. */
	removed = $state.raw<ReadonlySet<string>>(new Set());
	link = $state<LinkState>('offline');
	pending = $state(0);
	/** True once the copy on this device has been read from IndexedDB. */
	loaded = $state(false);
	/**
	 * The newest posts from the search projection, shown (read-only) while a big board's doc is
	 * still loading: a phone shows something in a blink even for thousands of posts.
	 */
	preview = $state.raw<readonly HelpPost[]>([]);

	private readonly doc = new Y.Doc();
	private persistence: IndexeddbPersistence | null = null;
	private connection: BoardConnection | null = null;
	private projectionTimer: ReturnType<typeof setTimeout> | null = null;
	private identity: StoredIdentity;
	/** My member record as the doc has it, before its signature is checked. */
	private listedMine: MemberProfile | null = null;
	/**
	 * Signature checks by member id, hash of the signed profile bytes and signature
	 * (signature-cache.ts). A cache, not UI state: views refresh explicitly.
	 */
	private readonly signatureChecks = new Map<string, 'valid' | 'invalid' | 'checking'>();

	private destroyed = false;
	private stopPendingWatch: () => void = () => {};
	private readonly coworkState: CoworkState;
	/** Engagements, ratings, reputation, admins' marks, reports and blocks (issue 4). */
	readonly aid: AidState;
	/** Admins' marks (removals, hides), read when the board or moderation change. */
	private marks: moderation.Moderation = moderation.NO_MODERATION;
	/** Every member's block list, read with the moderation marks. */
	private blocks: ReadonlyMap<string, ReadonlySet<string>> = new Map();

	readonly id: string;

	constructor(
		private readonly stored: StoredBoard,
		identity: StoredIdentity,
		private readonly deps: SessionDeps
	) {
		this.id = stored.id;
		this.identity = identity;
		this.coworkState = new CoworkState({
			doc: this.doc,
			db: deps.db,
			boardId: stored.id,
			origin: LOCAL,
			identity: () => this.identity,
			members: () => this.members,
			removed: () => this.removed,
			blocks: () => this.blocks,
			loaded: () => this.loaded,
			reportError: deps.reportError
		});
		this.aid = new AidState({
			doc: this.doc,
			boardId: stored.id,
			origin: LOCAL,
			identity: () => this.identity,
			members: () => this.members,
			posts: () => this.posts,
			cowork: () => this.cowork,
			loaded: () => this.loaded,
			changed: () => {
				this.dirty.add(ROOT.ratings);
				if (this.loaded) this.refresh();
			},
			reportError: deps.reportError
		});
	}

	/** Cowork states derived at `cowork.now`, replaced whole on every change and every minute. */
	get cowork(): CoworkSnapshot {
		return this.coworkState.snapshot;
	}

	/**
	 * Loads the local copy, then links to the relay. The connection subscribes to doc updates
	 * before this device writes anything (its profile, a restored board record), so every local
	 * write is counted as pending until the relay acknowledges it.
	 */
	async open(): Promise<void> {
		const persistence = persistBoardDoc(this.id, this.doc);
		this.persistence = persistence;
		this.doc.on('update', this.onDocChange);
		this.stopPendingWatch = pendingStore.watchPendingCount(
			this.deps.db,
			this.id,
			(count) => (this.pending = count),
			this.deps.reportError
		);
		this.coworkState.start();
		this.aid.start();
		this.track(
			newestPosts(this.deps.db, this.id, PREVIEW_SIZE).then((rows) => {
				if (!this.loaded) this.preview = rows.map(previewPost);
			})
		);
		try {
			await whenLoaded(persistence);
		} catch (error) {
			// IndexedDB refused to open: keep going in memory so the board still syncs and shows.
			this.deps.reportError(error);
		}
		if (this.destroyed) return;
		this.connection = new BoardConnection(
			this.doc,
			{
				relayUrl: this.deps.relayUrl,
				boardId: this.id,
				token: deriveRoomToken(this.id, this.stored.secret),
				prove: async (payload) => ({
					memberId: this.identity.memberId,
					publicKey: ownDeviceKey(this.identity),
					signature: await signBytes(this.identity.privateKey, payload),
					chain: proofChain(this.identity)
				}),
				ignoredOrigins: [persistence]
			},
			{
				onLocalChange: (clientId, clock, from) => {
					const write = pendingStore.recordPending(this.deps.db, this.id, clientId, clock, from);
					this.track(write);
					this.coworkState.noteLocal(clientId, from, clock, write);
				},
				onAck: (stored) => this.track(pendingStore.acknowledge(this.deps.db, this.id, stored)),
				onState: (state) => (this.link = state),
				onRefused: (reason, detail) => console.error(`relay refused: ${reason} (${detail})`)
			}
		);
		this.connection.start(this.deps.isOnline());
		this.loaded = true;
		this.preview = [];
		this.refresh();
		this.restoreBoardRecord();
		this.publishProfile();
	}

	pause(): void {
		this.connection?.pause();
	}

	resume(): void {
		this.connection?.resume();
	}

	async destroy(): Promise<void> {
		this.destroyed = true;
		this.loaded = false;
		if (this.projectionTimer) clearTimeout(this.projectionTimer);
		this.stopPendingWatch();
		this.coworkState.destroy();
		this.aid.destroy();
		this.connection?.destroy();
		this.doc.off('update', this.onDocChange);
		await this.persistence?.destroy();
		this.doc.destroy();
	}

	/** The whole board as this device holds it (`Y.encodeStateAsUpdate`), for "export my data". */
	exportState(): Uint8Array {
		return Y.encodeStateAsUpdate(this.doc);
	}

	/** The creator, or a member an admin promoted. */
	get isAdmin(): boolean {
		return this.aid.snapshot.moderation.admins.has(this.identity.memberId);
	}

	memberName(memberId: string): string {
		return this.members.get(memberId)?.name ?? '';
	}

	// Commands: each is one named domain command in one transaction.

	setIdentity(identity: StoredIdentity): void {
		this.identity = identity;
		// Before `open()` has loaded the doc, publishing could overwrite a newer stored profile.
		if (this.loaded) this.publishProfile();
	}

	createPost(input: PostInput): string {
		return help.createPost(this.doc, this.identity.memberId, input, Date.now(), LOCAL);
	}

	editPost(key: string, input: PostInput): void {
		help.editPost(this.doc, this.identity.memberId, key, input, Date.now(), LOCAL);
	}

	/** Admin only: the member's posts disappear and the relay stops accepting them. */
	removeMember(memberId: string, reason: string): void {
		moderation.removeMember(
			this.doc,
			this.id,
			this.identity.memberId,
			memberId,
			reason,
			Date.now(),
			LOCAL
		);
	}

	setPostStatus(key: string, status: PostStatus): void {
		help.setPostStatus(this.doc, this.identity.memberId, key, status, Date.now(), LOCAL);
	}

	// Cowork commands (DESIGN.md §7), implemented in CoworkState. Async ones seal private details.

	createSpace(input: SpaceInput, details: PrivateDetails): Promise<string> {
		return this.coworkState.createSpace(input, details);
	}

	/** `details` null keeps the address unchanged. */
	editSpace(key: string, input: SpaceInput, details: PrivateDetails | null): Promise<void> {
		return this.coworkState.editSpace(key, input, details);
	}

	archiveSpace(key: string, archived: boolean): void {
		this.coworkState.archiveSpace(key, archived);
	}

	/** The host's own address and access instructions for a space; null for anyone else. */
	spacePrivateDetails(spaceKey: string): Promise<PrivateDetails | null> {
		return this.coworkState.spacePrivateDetails(spaceKey);
	}

	createSlots(spaceKey: string, input: SlotInput): string[] {
		return this.coworkState.createSlots(spaceKey, input);
	}

	cancelSlot(slotKey: string, reason: string): void {
		this.coworkState.cancelSlot(slotKey, reason);
	}

	requestBooking(slotKey: string, seats: number, message: string): string {
		return this.coworkState.requestBooking(slotKey, seats, message);
	}

	cancelBooking(bookingKey: string, reason: string): void {
		this.coworkState.cancelBooking(bookingKey, reason);
	}

	confirm(bookingKey: string): Promise<void> {
		return this.coworkState.confirm(bookingKey);
	}

	decline(bookingKey: string, reason = ''): void {
		this.coworkState.decline(bookingKey, reason);
	}

	hostCancel(bookingKey: string, reason: string): void {
		this.coworkState.hostCancel(bookingKey, reason);
	}

	markNoShow(bookingKey: string): void {
		this.coworkState.markNoShow(bookingKey);
	}

	/** The address sealed to me, for my confirmed booking; null otherwise. */
	openAddress(bookingKey: string): Promise<PrivateDetails | null> {
		return this.coworkState.openAddress(bookingKey);
	}

	/** My active bookings on other slots that overlap this one. */
	overlappingBookings(slotKey: string): Booking[] {
		return this.coworkState.overlapping(slotKey);
	}

	/** Whether this device's latest decisions on my slot are not yet on the relay. */
	decisionsUnsynced(slotKey: string): boolean {
		return this.coworkState.decisionsUnsynced(slotKey);
	}

	/**
	 * On the creator's device, writes the board record if the doc lacks it: the first write may
	 * not have reached IndexedDB before the tab closed.
	 */
	private restoreBoardRecord(): void {
		const creation = this.stored.creation;
		if (this.info || !creation) return;
		board.createBoard(
			this.doc,
			this.identity.memberId,
			creation.nonce,
			creation.input,
			Date.now(),
			LOCAL
		);
	}

	/**
	 * Writes my profile unless the board's copy knows more about my devices than I do: then I
	 * learn it first (once its signature is checked), or I would erase another device's link or
	 * removal. A copy that fails its check is overwritten.
	 */
	private publishProfile(): void {
		const listed = this.listedMine;
		const mine = profileOf(this.identity);
		if (listed) {
			const check = this.signatureChecks.get(this.profileCheckKey(listed));
			const learns = !sameProfileContent(mine, {
				...mine,
				...mergeProfiles(this.identity, listed)
			});
			if (learns && check === 'valid') this.deps.adoptProfile?.(listed);
			// Another of my devices wrote the same profile: keep its copy (no write, no echo).
			if ((learns || sameProfileContent(listed, mine)) && check !== 'invalid') return;
		}
		const profile = { ...mine, signature: this.identity.signature };
		memberProfile.publishProfile(this.doc, this.identity.memberId, profile, LOCAL);
	}

	private profileCheckKey(member: MemberProfile): string {
		return signatureCheckKey(member.id, profilePayload(member), member.signature);
	}

	/**
	 * Which collections changed since the last refresh. A big board holds thousands of posts:
	 * a profile or moderation change must not re-read and re-validate all of them.
	 */
	private readonly dirty = new Set<RootName>(Object.values(ROOT));
	private refreshQueued = false;

	private readonly onDocChange = (
		_update: Uint8Array,
		_origin: unknown,
		_doc: Y.Doc,
		tr: Y.Transaction
	) => {
		for (const type of tr.changedParentTypes.keys()) {
			if (type._item === null) this.dirty.add(Y.findRootTypeKey(type) as RootName);
		}
		if (!this.loaded || this.refreshQueued) return;
		this.refreshQueued = true;
		// One refresh per burst: y-indexeddb and the relay deliver many updates back to back.
		queueMicrotask(() => {
			this.refreshQueued = false;
			if (this.loaded) this.refresh();
		});
	};

	private readonly invalidBy = new Map<RootName, InvalidRecord[]>();

	/** Re-reads the collections that changed (all of them on first load). */
	private refresh(): void {
		const dirty = new Set(this.dirty);
		this.dirty.clear();
		const fresh = (name: RootName) => {
			const list: InvalidRecord[] = [];
			this.invalidBy.set(name, list);
			return list;
		};
		if (dirty.has(ROOT.board)) {
			this.info = boardRead.readBoard(this.doc, this.id, fresh(ROOT.board));
		}
		if (dirty.has(ROOT.members)) {
			const invalid = fresh(ROOT.members);
			const listed = readMembers(this.doc, invalid);
			this.listedMine = listed.get(this.identity.memberId) ?? null;
			this.members = this.verifiedMembers(listed, invalid);
			if (this.loaded) this.publishProfile();
		}
		// Removals depend on who the admin is, posts on who was removed and whom I block.
		if (dirty.has(ROOT.board) || dirty.has(ROOT.moderation)) {
			this.marks = moderation.readModeration(this.doc, this.id);
			this.removed = this.marks.removed;
			dirty.add(ROOT.posts);
		}
		if (dirty.has(ROOT.blocks)) {
			this.blocks = readBlocks(this.doc);
			dirty.add(ROOT.posts);
		}
		if (dirty.has(ROOT.posts)) {
			const invalid = fresh(ROOT.posts);
			const removed = this.removed;
			const mine = this.blocks.get(this.identity.memberId) ?? new Set<string>();
			const me = this.identity.memberId;
			// A post an admin hid stays visible to its author, who sees why (postHidden).
			const hidden = (p: HelpPost) =>
				p.authorId !== me && moderation.isHidden(this.marks, ROOT.posts, p.key);
			const shown = helpRead
				.readPosts(this.doc, invalid)
				.filter((p) => !removed.has(p.authorId) && !mine.has(p.authorId));
			this.posts = shown.filter((p) => !hidden(p));
			this.hiddenPosts = shown.filter(hidden);
			this.scheduleProjection();
		}
		if (COWORK_INPUTS.some((name) => dirty.has(name))) {
			// The four cowork collections are read together; their invalid records are kept under one.
			this.coworkState.refresh(fresh(ROOT.spaces));
			this.scheduleProjection();
		}
		if (AID_INPUTS.some((name) => dirty.has(name))) {
			// Engagements, comments and ratings are read together; invalid ones listed under one.
			this.aid.refresh(fresh(ROOT.engagements));
		}
		this.invalid = [...this.invalidBy.values()].flat();
	}

	/**
	 * Keeps only members whose profile is signed by the key their id derives from. WebCrypto is
	 * async, so a new signature is checked in the background and the views refresh when it is known.
	 */
	private verifiedMembers(
		members: Map<string, MemberProfile>,
		invalid: InvalidRecord[]
	): Map<string, MemberProfile> {
		const checks: Promise<unknown>[] = [];
		for (const [id, member] of members) {
			const check = this.profileCheckKey(member);
			const known = this.signatureChecks.get(check);
			if (known === 'valid') continue;
			members.delete(id);
			if (known === 'invalid') {
				invalid.push({ collection: 'members', key: id, reason: 'bad signature' });
			} else if (known === undefined) {
				this.signatureChecks.set(check, 'checking');
				checks.push(
					verifyProfile(member).then((ok) =>
						this.signatureChecks.set(check, ok ? 'valid' : 'invalid')
					)
				);
			}
		}
		// One refresh once every new signature is checked (not one per member).
		if (checks.length > 0) {
			this.track(
				Promise.all(checks).then(() => {
					this.dirty.add(ROOT.members);
					if (this.loaded) this.refresh();
				})
			);
		}
		return members;
	}

	private scheduleProjection(): void {
		if (this.projectionTimer) return;
		this.projectionTimer = setTimeout(() => {
			this.projectionTimer = null;
			const info = this.info;
			if (!info) return;
			this.track(
				Promise.all([
					projectBoardPosts(this.deps.db, {
						boardId: this.id,
						boardName: info.name,
						posts: this.posts,
						authorName: (id) => this.memberName(id)
					}),
					projectBoardSlots(this.deps.db, {
						boardId: this.id,
						boardName: info.name,
						cowork: this.cowork
					}),
					updateBoardCache(this.deps.db, this.id, info.name, info.city)
				])
			);
		}, PROJECTION_DELAY_MS);
	}

	/** Storage errors (quota, closed database) are shown to the user, never swallowed. */
	private track(work: Promise<unknown>): void {
		work.catch(this.deps.reportError);
	}
}
