/**
 * The app's root state: my identity, my boards and their open sessions, connectivity and storage
 * health. Created once by the root layout; pages read it through `getApp()`.
 */
import { getContext, setContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { newBoardIdentity } from '$lib/domain/board/board-id';
import { validateBoardInput } from '$lib/domain/board/commands';
import { newBoardSecret, type Invite } from '$lib/domain/board/invite';
import type { BoardInput } from '$lib/domain/board/types';
import {
	openDb,
	type PostIndexRow,
	type QuartierDb,
	type SlotIndexRow,
	type StoredBoard,
	type StoredIdentity
} from '$lib/persistence/db';
import * as identityStore from '$lib/persistence/identity-store';
import * as boardStore from '$lib/persistence/board-store';
import * as settings from '$lib/persistence/settings';
import { forgetVisit } from '$lib/persistence/notice-visits';
import { watchSearch, type SearchQuery } from '$lib/persistence/post-projection';
import * as slotProjection from '$lib/persistence/slot-projection';
import {
	isStorageError,
	requestPersistentStorage,
	watchUnhandledStorageErrors
} from '$lib/persistence/storage-health';
import { BoardSession } from './board/session.svelte';
import { DeviceLinking } from './device-linking';
import { ImportConfirmations } from './import-confirmation';
import type { JoinServices } from './join-services';
import type { PushService } from './push.svelte';

/** A row of "search all my boards", re-exported so pages need not know about storage. */
export type SearchResult = PostIndexRow;
/** A row of "search cowork slots in all my boards". */
export type SlotSearchResult = SlotIndexRow;
export type SlotSearchQuery = slotProjection.SlotQuery;

export class AppState {
	ready = $state(false);
	identity = $state.raw<StoredIdentity | null>(null);
	boards = $state.raw<readonly StoredBoard[]>([]);
	online = $state(true);
	storageError = $state<string | null>(null);
	persistent = $state<boolean | null>(null);

	readonly db: QuartierDb;
	/** Linking my other devices, and taking them back (device-linking.ts). */
	readonly devices: DeviceLinking = new DeviceLinking(this);
	/**
	 * The city directory, my join requests, and my decisions on others' (join-services.ts): loaded
	 * once the app has started, so none of it weighs on the first load; null until then.
	 */
	joins = $state.raw<JoinServices | null>(null);
	private joinsLoading: Promise<JoinServices> | null = null;
	/** Web Push on this device (push.svelte.ts): loaded after the first screen; null until then. */
	push = $state.raw<PushService | null>(null);
	private readonly sessions = new SvelteMap<string, BoardSession>();
	/** Boards imported from a file, rebuilt at their first sync (import-confirmation.ts). */
	private readonly imports: ImportConfirmations;
	private readonly cleanups: (() => void)[] = [];

	constructor(
		readonly relayUrl: string,
		dbName?: string
	) {
		this.db = openDb(dbName);
		this.imports = new ImportConfirmations({
			db: this.db,
			reopen: (closed, stored) => this.reopenSession(closed, stored),
			reportError: this.reportError
		});
	}

	/** Loads the join services (once); pages that need them render once this resolves. */
	loadJoins(): Promise<JoinServices> {
		this.joinsLoading ??= import('./join-services').then(({ JoinServices }) => {
			const joins = new JoinServices(this, this.relayUrl);
			this.cleanups.push(joins.start());
			this.joins = joins;
			return joins;
		});
		return this.joinsLoading;
	}

	/** The join services, for pages under a layout that awaited loadJoins(). */
	get loadedJoins(): JoinServices {
		if (this.joins === null) throw new Error('join services used before loadJoins()');
		return this.joins;
	}

	async start(): Promise<void> {
		this.online = navigator.onLine;
		const onOnline = () => this.setOnline(true);
		const onOffline = () => this.setOnline(false);
		// An `online` event missed while the page was frozen or in the back/forward cache would
		// leave every board paused: check again whenever the page comes back.
		const recheck = () => {
			if (document.visibilityState === 'visible') this.setOnline(navigator.onLine);
		};
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		window.addEventListener('pageshow', recheck);
		document.addEventListener('visibilitychange', recheck);
		this.cleanups.push(
			() => window.removeEventListener('online', onOnline),
			() => window.removeEventListener('offline', onOffline),
			() => window.removeEventListener('pageshow', recheck),
			() => document.removeEventListener('visibilitychange', recheck),
			watchUnhandledStorageErrors(this.reportError)
		);
		try {
			this.identity = await identityStore.loadIdentity(this.db);
			this.boards = await boardStore.listBoards(this.db);
			if (this.identity) for (const b of this.boards) this.openSession(b);
		} catch (error) {
			this.reportError(error);
		}
		this.ready = true;
		// After the first screen: my pending requests are polled, queued decisions sent.
		this.loadJoins().catch(this.reportError);
		this.loadPush().catch(this.reportError);
	}

	private async loadPush(): Promise<void> {
		const [{ PushService }, { browserPush }, { PushApi }] = await Promise.all([
			import('./push.svelte'),
			import('./push-browser'),
			import('$lib/sync/push-api')
		]);
		const push = new PushService(this, new PushApi(this.relayUrl), browserPush());
		this.cleanups.push(push.start());
		this.push = push;
	}

	destroy(): void {
		for (const cleanup of this.cleanups) cleanup();
		for (const s of this.sessions.values()) void s.destroy();
		this.sessions.clear();
		this.db.close();
	}

	/** Storage failures become a visible banner; anything else is a bug, logged for the debug view. */
	readonly reportError = (error: unknown) => {
		console.error(error);
		if (!isStorageError(error)) return;
		const name = (error as { name?: string } | null)?.name ?? 'Error';
		this.storageError = name === 'QuotaExceededError' ? 'quota' : 'storage';
	};

	session(boardId: string): BoardSession | undefined {
		return this.sessions.get(boardId);
	}

	/** Every open board session, in the order of `boards` (reactive: follows joins and leaves). */
	allSessions(): BoardSession[] {
		return this.boards.flatMap((b) => this.sessions.get(b.id) ?? []);
	}

	/** What waits for me across my boards (the menu and the app icon's badge). */
	waitingTotal(): number {
		return this.allSessions().reduce((sum, s) => sum + s.notices.waiting.count, 0);
	}

	async createIdentity(name: string, bio: string): Promise<void> {
		this.identity = await identityStore.createIdentity(
			this.db,
			name.trim(),
			bio.trim(),
			Date.now()
		);
		for (const b of this.boards) this.openSession(b);
	}

	async updateProfile(name: string, bio: string): Promise<void> {
		if (!this.identity) return;
		await this.changeIdentity(() =>
			identityStore.updateProfile(this.db, name.trim(), bio.trim(), Date.now())
		);
	}

	/**
	 * One change of my identity at a time in this tab (two boards may ask to adopt the same
	 * copy at once); each change reads the stored row, so other tabs' changes are kept too.
	 */
	private identityChange: Promise<unknown> = Promise.resolve();

	changeIdentity(change: () => Promise<StoredIdentity | null>): Promise<StoredIdentity> {
		const next = this.identityChange.then(async () => {
			const changed = await change();
			if (changed) this.setIdentity(changed);
			return changed ?? this.requireIdentity();
		});
		this.identityChange = next.catch(() => {});
		return next;
	}

	private setIdentity(identity: StoredIdentity): void {
		this.identity = identity;
		for (const s of this.sessions.values()) s.setIdentity(identity);
	}

	/** A new identity on this device (a device link completed): its boards open under it. */
	adoptNewIdentity(identity: StoredIdentity): void {
		this.identity = identity;
		for (const b of this.boards) this.openSession(b);
	}

	/** Closes every board and forgets my identity here (a device taken back); boards stay. */
	async dropIdentity(forget: () => Promise<void>): Promise<void> {
		for (const s of this.sessions.values()) await s.destroy();
		this.sessions.clear();
		await forget();
		this.identity = null;
	}

	/** Creates a board on this device; it reaches the relay whenever there is a connection. */
	async createBoard(input: BoardInput): Promise<string> {
		const identity = this.requireIdentity();
		const clean = validateBoardInput(input);
		const { boardId, nonce } = newBoardIdentity(identity.memberId);
		const stored: StoredBoard = {
			id: boardId,
			secret: newBoardSecret(),
			name: clean.name,
			city: clean.city,
			joinedAt: Date.now(),
			// The session writes the board record from this once the doc is loaded (and again if
			// it is ever missing on this device).
			creation: { nonce, input: clean }
		};
		await boardStore.saveBoard(this.db, stored);
		this.openSession(stored);
		this.boards = await boardStore.listBoards(this.db);
		await this.afterFirstBoard();
		return boardId;
	}

	/**
	 * Joins from an invite; a new secret for a board already here replaces the old one. `names`
	 * (from a device link) shows the board by name before its doc arrives.
	 */
	async joinBoard(invite: Invite, names = { name: '', city: '' }): Promise<string> {
		this.requireIdentity();
		const known = this.boards.find((b) => b.id === invite.boardId);
		if (known?.secret === invite.secret) return invite.boardId;
		const stored: StoredBoard = known
			? { ...known, secret: invite.secret }
			: { id: invite.boardId, secret: invite.secret, ...names, joinedAt: Date.now() };
		await boardStore.saveBoard(this.db, stored);
		const previous = this.sessions.get(stored.id);
		if (previous) {
			this.sessions.delete(stored.id);
			await previous.destroy();
		}
		this.openSession(stored);
		this.boards = await boardStore.listBoards(this.db);
		await this.afterFirstBoard();
		return invite.boardId;
	}

	/**
	 * Adds a board restored from an export file, its doc already stored on this device and marked
	 * unconfirmed (state/data-transfer.ts): its first sync rebuilds it (import-confirmation.ts).
	 */
	async addRestoredBoard(stored: StoredBoard): Promise<void> {
		this.requireIdentity();
		await boardStore.saveBoard(this.db, stored);
		this.openSession(stored);
		this.boards = await boardStore.listBoards(this.db);
		await this.afterFirstBoard();
	}

	/** Forgets a board on this device. The session is closed first so nothing writes it again. */
	async leaveBoard(boardId: string): Promise<void> {
		const session = this.sessions.get(boardId);
		try {
			await session?.destroy();
			await boardStore.forgetBoard(this.db, boardId);
			await forgetVisit(this.db, boardId);
			this.sessions.delete(boardId);
		} finally {
			this.boards = await boardStore.listBoards(this.db);
		}
	}

	/**
	 * "Search all my boards", over the projection built from every board doc on this device;
	 * `onRows` runs again whenever a board changes. Returns the function that stops watching.
	 */
	watchSearch(
		query: SearchQuery,
		onRows: (rows: SearchResult[]) => void,
		onError: (error: unknown) => void
	): () => void {
		return watchSearch(this.db, query, onRows, onError);
	}

	/** Upcoming slots with free seats in every board, by city and dates; re-runs like watchSearch. */
	watchSlotSearch(
		query: SlotSearchQuery,
		onRows: (rows: SlotSearchResult[]) => void,
		onError: (error: unknown) => void
	): () => void {
		return slotProjection.watchSlotSearch(this.db, query, onRows, onError);
	}

	secretOf(boardId: string): string | undefined {
		return this.boards.find((b) => b.id === boardId)?.secret;
	}

	/** `names` (from the link's card) show the board by name before its doc arrives. */
	savePendingInvite(invite: Invite, names?: { name: string; city: string }): Promise<void> {
		return settings.put(this.db, 'pendingInvite', { ...invite, names });
	}

	/**
	 * Secrets of the invite links I made for a board, by link id: only this device holds them
	 * (the board's records hold a hash of each link's token, never the secret).
	 */
	async inviteLinkSecrets(boardId: string): Promise<Record<string, string>> {
		return (await settings.get<Record<string, string>>(this.db, `inviteLinks:${boardId}`)) ?? {};
	}

	async keepInviteLinkSecret(boardId: string, linkId: string, secret: string): Promise<void> {
		const secrets = await this.inviteLinkSecrets(boardId);
		await settings.put(this.db, `inviteLinks:${boardId}`, { ...secrets, [linkId]: secret });
	}

	/**
	 * An invite opened before onboarding, joined once the person has a name. It is forgotten only
	 * after the join succeeded, so a storage hiccup does not lose the invitation.
	 */
	async joinPendingInvite(): Promise<string | null> {
		const pending = await settings.get<Invite & { names?: { name: string; city: string } }>(
			this.db,
			'pendingInvite'
		);
		if (!pending) return null;
		const { names, ...invite } = pending;
		const boardId = await this.joinBoard(invite, names);
		await settings.remove(this.db, 'pendingInvite');
		return boardId;
	}

	private openSession(stored: StoredBoard): void {
		const identity = this.requireIdentity();
		if (this.sessions.has(stored.id)) return;
		const session = new BoardSession(stored, identity, {
			db: this.db,
			relayUrl: this.relayUrl,
			reportError: this.reportError,
			isOnline: () => this.online,
			adoptProfile: this.devices.adoptProfile,
			onRelayState: this.imports.confirm
		});
		this.sessions.set(stored.id, session);
		session.open().catch(this.reportError);
	}

	/** The board under a closed session changed (an import confirmed): it opens afresh. */
	private reopenSession(closed: BoardSession, stored: StoredBoard): void {
		if (this.sessions.get(stored.id) !== closed) return; // left or reopened meanwhile
		this.sessions.delete(stored.id);
		this.openSession(stored);
		boardStore.listBoards(this.db).then((boards) => (this.boards = boards), this.reportError);
	}

	private async afterFirstBoard(): Promise<void> {
		if (this.persistent) return;
		this.persistent = await requestPersistentStorage().catch(() => false);
	}

	private setOnline(online: boolean): void {
		if (this.online === online) return;
		this.online = online;
		for (const s of this.sessions.values()) {
			if (online) s.resume();
			else s.pause();
		}
	}

	private requireIdentity(): StoredIdentity {
		if (!this.identity) throw new Error('no identity yet');
		return this.identity;
	}
}

const KEY = Symbol('app');

export function provideApp(app: AppState): void {
	setContext(KEY, app);
}

export function getApp(): AppState {
	return getContext<AppState>(KEY);
}
