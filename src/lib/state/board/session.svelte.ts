/**
 * One open board: its Y.Doc, persisted in IndexedDB and linked to the relay, and the features
 * pages read and command (`session.posts.list`, `session.cowork.confirm(key)`, …). The session
 * itself is only the lifecycle: doc, doc store, connection, pending count, which roots changed.
 * Features refresh in one loop (feature.ts); what the device does by itself is upkeep.ts.
 */
import * as Y from 'yjs';
import { ROOT, type RootName } from '$lib/domain/board/schema';
import type { InvalidRecord } from '$lib/domain/board/types';
import type { MemberProfile } from '$lib/domain/members/types';
import { signBytes } from '$lib/domain/identity/keys';
import { ownDeviceKey, proofChain } from '$lib/domain/identity/my-devices';
import type { QuartierDb, StoredBoard, StoredIdentity } from '$lib/persistence/db';
import { persistBoardDoc, whenLoaded } from '$lib/persistence/board-doc';
import * as pendingStore from '$lib/persistence/pending-store';
import {
	BoardConnection,
	type ConnectionOptions,
	type LinkState
} from '$lib/sync/board-connection';
import { deriveRoomToken } from '$lib/sync/room-token';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { AidFeature } from './aid.svelte';
import { resealContactsService } from './aid-upkeep';
import { BoardInfoFeature } from './board-info.svelte';
import { CoworkFeature } from './cowork.svelte';
import { autoAcceptService, resealAddressesService } from './cowork-upkeep';
import { checkOrder, refreshFeatures, type BoardFeature } from './feature';
import { HandoverService } from './handover.svelte';
import { MembersFeature, profileUpkeep } from './members.svelte';
import { ModerationFeature } from './moderation.svelte';
import { NoticesService } from './notices.svelte';
import { PostsFeature } from './posts.svelte';
import { BoardScope } from './scope';
import { searchProjectionService, type SearchProjection } from './search-projection';
import { SignatureChecks } from './signature-checks';
import { SettlementsFeature } from './settlements.svelte';
import { TrustFeature } from './trust.svelte';
import { Upkeep } from './upkeep';
import { afterNextPaint } from './after-paint';

/** Requests expire and services end by the clock: time-dependent features re-derive this often. */
const TICK_MS = 60_000;
/** Upkeep waits for a burst of updates (a catch-up) to settle before it writes. */
const UPKEEP_SETTLE_MS = 200;

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
	/**
	 * A board imported from a file and not yet confirmed (`StoredBoard.unconfirmed`): the relay's
	 * whole state arrived through a doc of its own; the app rebuilds the board from it
	 * (state/import-confirmation.ts). Called at most once per session.
	 */
	onRelayState?: (session: BoardSession, relayState: Uint8Array) => void;
}

export class BoardSession {
	link = $state<LinkState>('offline');
	pending = $state(0);
	/** True once the copy on this device has been read from IndexedDB. */
	loaded = $state(false);
	/** Records some feature had to skip (debug view). */
	invalid = $state.raw<readonly InvalidRecord[]>([]);

	readonly id: string;
	/** Imported from a file, not yet rebuilt from the relay's state: pages say so. */
	readonly unconfirmed: boolean;
	readonly board: BoardInfoFeature;
	readonly members: MembersFeature;
	readonly moderation: ModerationFeature;
	readonly posts: PostsFeature;
	readonly cowork: CoworkFeature;
	readonly aid: AidFeature;
	readonly trust: TrustFeature;
	readonly settlements: SettlementsFeature;
	/** What waits for me here (upkeep: derived after bursts settle, never on the first paint). */
	readonly notices: NoticesService;
	/** Signed packets: mine to hand over at the door, and those received by hand (issue 18). */
	readonly handover: HandoverService;

	private readonly doc = new Y.Doc();
	private readonly scope: BoardScope;
	/** In refresh order: every feature after the features it uses (checked at construction). */
	private readonly features: readonly BoardFeature[];
	private readonly upkeep: Upkeep;
	private readonly projection: SearchProjection;
	private persistence: IndexeddbPersistence | null = null;
	private connection: BoardConnection | null = null;
	private stopPendingWatch: () => void = () => {};

	/**
	 * Which collections changed since the last refresh. A big board holds thousands of posts:
	 * a profile or moderation change must not re-read and re-validate all of them.
	 */
	private readonly dirty = new Set<RootName>(Object.values(ROOT));
	/** Features whose background signature checks finished since the last refresh. */
	private readonly requested = new Set<BoardFeature>();
	private tickDue = false;
	/** Derived after the first screen is painted: no page's first screen waits for them. */
	private readonly afterPaint: ReadonlySet<BoardFeature>;
	private readonly later = new Set<BoardFeature>();
	private laterQueued = false;
	/** The first deferred pass ran: from now on every feature refreshes with its burst. */
	private opened = false;
	private refreshQueued = false;
	private readonly invalidBy = new Map<string, readonly InvalidRecord[]>();

	constructor(
		private readonly stored: StoredBoard,
		identity: StoredIdentity,
		private readonly deps: SessionDeps
	) {
		this.id = stored.id;
		this.unconfirmed = stored.unconfirmed !== undefined;
		const scope = new BoardScope(
			this.doc,
			stored.id,
			deps.db,
			Symbol('local-edit'),
			identity,
			deps.reportError
		);
		this.scope = scope;
		const checks = new SignatureChecks();
		this.board = new BoardInfoFeature(scope, stored);
		this.members = new MembersFeature(scope, checks, () => this.request(this.members));
		this.moderation = new ModerationFeature(scope);
		this.posts = new PostsFeature(scope, this.moderation);
		this.cowork = new CoworkFeature(scope, this.members, this.moderation);
		this.aid = new AidFeature(scope, this.members, this.moderation, this.posts);
		this.trust = new TrustFeature(
			scope,
			checks,
			() => this.request(this.trust),
			this.members,
			this.moderation,
			this.aid,
			this.cowork
		);
		this.settlements = new SettlementsFeature(scope, this.cowork, this.aid, this.posts);
		this.features = [
			this.board,
			this.members,
			this.moderation,
			this.posts,
			this.cowork,
			this.aid,
			this.trust,
			this.settlements
		];
		checkOrder(this.features);
		this.afterPaint = new Set([this.cowork, this.trust, this.settlements]);
		this.handover = new HandoverService(scope);
		this.projection = searchProjectionService(scope, this);
		this.notices = new NoticesService(
			scope,
			new Set([this.board, this.moderation, this.posts, this.cowork, this.aid])
		);
		// On a board the relay has not confirmed, nothing is sealed or confirmed by itself: a forged
		// file's requests or device keys would otherwise get my address or my seats.
		const onConfirmedOnly = this.unconfirmed
			? []
			: [
					autoAcceptService(scope, this.cowork, this.members),
					resealAddressesService(scope, this.cowork, this.members),
					resealContactsService(scope, this.aid, this.members)
				];
		this.upkeep = new Upkeep(
			[
				...profileUpkeep(this.members, scope, deps),
				...onConfirmedOnly,
				this.projection,
				this.notices
			],
			{
				settleMs: UPKEEP_SETTLE_MS,
				tickMs: TICK_MS,
				onTick: () => {
					this.tickDue = true;
					this.refresh();
				},
				active: () => scope.active,
				reportError: deps.reportError
			}
		);
	}

	/**
	 * Loads the local copy, then links to the relay. The link subscribes to doc updates before
	 * this device writes anything (its profile, a restored board record): every local write counts
	 * as pending until the relay acknowledges it, but none the copy lacks (`forgetUnheld`).
	 */
	async open(): Promise<void> {
		const { db, reportError } = this.deps;
		const persistence = persistBoardDoc(this.id, this.doc);
		this.persistence = persistence;
		// 'afterTransaction', not 'update': an 'update' listener makes Yjs encode every transaction.
		this.doc.on('afterTransaction', this.onDocChange);
		this.stopPendingWatch = pendingStore.watchPendingCount(
			db,
			this.id,
			(count) => (this.pending = count),
			reportError
		);
		this.cowork.unsynced.start();
		this.upkeep.start();
		this.posts.loadPreview();
		try {
			await whenLoaded(persistence);
			await pendingStore.forgetUnheld(db, this.id, this.doc);
		} catch (error) {
			// IndexedDB refused to open: keep going in memory so the board still syncs and shows.
			reportError(error);
		}
		if (this.scope.destroyed) return;
		// Before the link starts: its first sync must already leave out what came by hand.
		await this.handover.load().catch(reportError);
		if (this.scope.destroyed) return;
		this.connection = this.unconfirmed ? this.connectForConfirmation() : this.connect(persistence);
		this.connection.start(this.deps.isOnline());
		this.handover.start(this.connection);
		this.scope.loaded = true;
		this.loaded = true;
		this.posts.dropPreview();
		this.refresh();
		this.board.restoreIfMissing();
	}

	pause(): void {
		this.connection?.pause();
	}

	resume(): void {
		this.connection?.resume();
	}

	async destroy(): Promise<void> {
		this.scope.destroyed = true;
		this.scope.loaded = false;
		this.loaded = false;
		this.upkeep.stop();
		this.stopPendingWatch();
		this.cowork.unsynced.stop();
		this.handover.stop();
		this.connection?.destroy();
		this.doc.off('afterTransaction', this.onDocChange);
		await this.persistence?.destroy();
		this.doc.destroy();
	}

	/** The whole board as this device holds it (`Y.encodeStateAsUpdate`), for "export my data". */
	exportState(): Uint8Array {
		return Y.encodeStateAsUpdate(this.doc);
	}

	/** Who I am on this board: the file's changes an import keeps are this member's. */
	get memberId(): string {
		return this.scope.me;
	}

	/** Linking or taking back a device changed my identity: republish my profile, reseal. */
	setIdentity(identity: StoredIdentity): void {
		this.scope.identity = identity;
		// Before `open()` has loaded the doc, publishing could overwrite a newer stored profile.
		this.upkeep.schedule();
	}

	private connectionOptions(ignoredOrigins: unknown[]): ConnectionOptions {
		const scope = this.scope;
		return {
			relayUrl: this.deps.relayUrl,
			boardId: this.id,
			token: deriveRoomToken(this.id, this.stored.secret),
			prove: async (payload) => ({
				memberId: scope.me,
				publicKey: ownDeviceKey(scope.identity),
				signature: await signBytes(scope.identity.privateKey, payload),
				chain: proofChain(scope.identity)
			}),
			ignoredOrigins
		};
	}

	/**
	 * An imported board's doc never goes to the relay before it was rebuilt: what the file holds
	 * that is not mine would be refused. An empty doc of its own fetches the relay's state instead,
	 * and hands it over once y-websocket says the first handshake is done (`connected`).
	 */
	private connectForConfirmation(): BoardConnection {
		const relayDoc = new Y.Doc();
		let handed = false;
		return new BoardConnection(relayDoc, this.connectionOptions([]), {
			onLocalChange: () => {},
			onAck: () => {},
			onState: (state) => {
				this.link = state;
				if (state !== 'connected' || handed) return;
				handed = true;
				this.deps.onRelayState?.(this, Y.encodeStateAsUpdate(relayDoc));
			},
			onRefused: (reason, detail) => console.error(`relay refused: ${reason} (${detail})`)
		});
	}

	private connect(persistence: IndexeddbPersistence): BoardConnection {
		const { db } = this.deps;
		const scope = this.scope;
		return new BoardConnection(
			this.doc,
			{ ...this.connectionOptions([persistence]), packets: this.handover },
			{
				onLocalChange: (clientId, clock, from) => {
					const write = pendingStore.recordPending(db, this.id, clientId, clock, from);
					scope.track(write);
					this.cowork.unsynced.noteLocal(clientId, from, clock, write);
				},
				onAck: (stored) => scope.track(pendingStore.acknowledge(db, this.id, stored)),
				onState: (state) => (this.link = state),
				onRefused: (reason, detail) => console.error(`relay refused: ${reason} (${detail})`),
				onPacketResult: (result) => this.handover.onRelayResult(result)
			}
		);
	}

	private readonly onDocChange = (tr: Y.Transaction) => {
		if (tr.changed.size === 0 && tr.deleteSet.clients.size === 0) return;
		for (const type of tr.changedParentTypes.keys()) {
			if (type._item === null) this.dirty.add(Y.findRootTypeKey(type) as RootName);
		}
		this.refreshSoon();
	};

	/** Background work of `feature` finished (signature checks): refresh it with the next burst. */
	private request(feature: BoardFeature): void {
		this.requested.add(feature);
		this.refreshSoon();
	}

	/** One refresh per burst: y-indexeddb and the relay deliver many updates back to back. */
	private refreshSoon(): void {
		if (!this.loaded || this.refreshQueued) return;
		this.refreshQueued = true;
		queueMicrotask(() => {
			this.refreshQueued = false;
			if (this.loaded) this.refresh();
		});
	}

	/**
	 * Refreshes the features whose inputs changed (all of them on first load), then upkeep. What
	 * the board's first screen does not show (cowork over thousands of bookings, and what uses
	 * it) is derived, while the board opens, in a pass of its own after the first paint
	 * (`refreshLater`): the signature checks that finish meanwhile coalesce into that pass.
	 */
	private refresh(): void {
		const [dirty, requested, tick] = [new Set(this.dirty), new Set(this.requested), this.tickDue];
		const cause = { dirty, requested, tick };
		this.dirty.clear();
		this.requested.clear();
		this.tickDue = false;
		// Only while the board opens: afterwards a confirm or a booking shows in the same frame.
		const defers = (f: BoardFeature) => !this.opened && this.afterPaint.has(f);
		const later = { defers, due: this.later };
		this.apply(refreshFeatures(this.features, cause, later));
		if (this.later.size > 0 && !this.laterQueued) {
			this.laterQueued = true;
			afterNextPaint(() => this.refreshLater());
		}
	}

	/** One pass for every deferred feature that came due since the last one (bursts coalesce). */
	private refreshLater(): void {
		this.laterQueued = false;
		if (!this.loaded) return;
		this.opened = true;
		const requested = new Set(this.later);
		this.later.clear();
		this.apply(refreshFeatures(this.features, { dirty: new Set(), requested, tick: false }));
	}

	private apply(refreshed: Map<string, readonly InvalidRecord[]>): void {
		for (const [name, invalid] of refreshed) this.invalidBy.set(name, invalid);
		this.invalid = [...this.invalidBy.values()].flat();
		const refreshedFeatures = this.features.filter((f) => refreshed.has(f.name));
		this.projection.noteRefreshed(refreshedFeatures);
		this.notices.noteRefreshed(refreshedFeatures);
		this.upkeep.schedule();
	}
}
