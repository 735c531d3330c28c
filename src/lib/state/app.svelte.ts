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
	type StoredBoard,
	type StoredIdentity
} from '$lib/persistence/db';
import * as identityStore from '$lib/persistence/identity-store';
import * as boardStore from '$lib/persistence/board-store';
import * as settings from '$lib/persistence/settings';
import { searchAllBoards, type SearchQuery } from '$lib/persistence/post-projection';
import {
	requestPersistentStorage,
	watchUnhandledStorageErrors
} from '$lib/persistence/storage-health';
import { BoardSession } from './board-session.svelte';

/** A row of "search all my boards", re-exported so pages need not know about storage. */
export type SearchResult = PostIndexRow;

export class AppState {
	ready = $state(false);
	identity = $state.raw<StoredIdentity | null>(null);
	boards = $state.raw<readonly StoredBoard[]>([]);
	online = $state(true);
	storageError = $state<string | null>(null);
	persistent = $state<boolean | null>(null);

	readonly db: QuartierDb;
	private readonly sessions = new SvelteMap<string, BoardSession>();
	private readonly cleanups: (() => void)[] = [];

	constructor(
		private readonly relayUrl: string,
		dbName?: string
	) {
		this.db = openDb(dbName);
	}

	async start(): Promise<void> {
		this.online = navigator.onLine;
		const onOnline = () => this.setOnline(true);
		const onOffline = () => this.setOnline(false);
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		this.cleanups.push(
			() => window.removeEventListener('online', onOnline),
			() => window.removeEventListener('offline', onOffline),
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
	}

	destroy(): void {
		for (const cleanup of this.cleanups) cleanup();
		for (const s of this.sessions.values()) void s.destroy();
		this.sessions.clear();
		this.db.close();
	}

	readonly reportError = (error: unknown) => {
		console.error(error);
		const name = (error as { name?: string } | null)?.name ?? 'Error';
		this.storageError = name === 'QuotaExceededError' ? 'quota' : 'storage';
	};

	session(boardId: string): BoardSession | undefined {
		return this.sessions.get(boardId);
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
		const identity = await identityStore.updateProfile(
			this.db,
			this.identity,
			name.trim(),
			bio.trim()
		);
		this.identity = identity;
		for (const s of this.sessions.values()) s.setIdentity(identity);
	}

	/** Creates a board on this device; it reaches the relay whenever there is a connection. */
	async createBoard(input: BoardInput): Promise<string> {
		const identity = this.requireIdentity();
		const clean = validateBoardInput(input);
		const { boardId, nonce } = newBoardIdentity(identity.memberId);
		const stored = {
			id: boardId,
			secret: newBoardSecret(),
			name: clean.name,
			city: clean.city,
			joinedAt: Date.now()
		};
		await boardStore.saveBoard(this.db, stored);
		const session = this.openSession(stored);
		await session.ready;
		session.value.createBoard(nonce, clean);
		this.boards = await boardStore.listBoards(this.db);
		await this.afterFirstBoard();
		return boardId;
	}

	async joinBoard(invite: Invite): Promise<string> {
		this.requireIdentity();
		if (!this.sessions.has(invite.boardId)) {
			const stored = {
				id: invite.boardId,
				secret: invite.secret,
				name: '',
				city: '',
				joinedAt: Date.now()
			};
			await boardStore.saveBoard(this.db, stored);
			this.openSession(stored);
			this.boards = await boardStore.listBoards(this.db);
			await this.afterFirstBoard();
		}
		return invite.boardId;
	}

	async leaveBoard(boardId: string): Promise<void> {
		const session = this.sessions.get(boardId);
		this.sessions.delete(boardId);
		await session?.destroy();
		await boardStore.forgetBoard(this.db, boardId);
		this.boards = await boardStore.listBoards(this.db);
	}

	/** "Search all my boards", over the projection built from every board doc on this device. */
	search(query: SearchQuery): Promise<PostIndexRow[]> {
		return searchAllBoards(this.db, query);
	}

	secretOf(boardId: string): string | undefined {
		return this.boards.find((b) => b.id === boardId)?.secret;
	}

	savePendingInvite(invite: Invite): Promise<void> {
		return settings.put(this.db, 'pendingInvite', invite);
	}

	/** An invite opened before onboarding: joined once the person has a name. */
	async takePendingInvite(): Promise<Invite | null> {
		const invite = await settings.get<Invite>(this.db, 'pendingInvite');
		if (invite) await settings.remove(this.db, 'pendingInvite');
		return invite ?? null;
	}

	private openSession(stored: StoredBoard): { value: BoardSession; ready: Promise<void> } {
		const identity = this.requireIdentity();
		const existing = this.sessions.get(stored.id);
		if (existing) return { value: existing, ready: Promise.resolve() };
		const session = new BoardSession(stored.id, stored.secret, identity, {
			db: this.db,
			relayUrl: this.relayUrl,
			reportError: this.reportError
		});
		this.sessions.set(stored.id, session);
		const ready = session.open().then(() => {
			if (!this.online) session.pause();
		});
		ready.catch(this.reportError);
		return { value: session, ready };
	}

	private async afterFirstBoard(): Promise<void> {
		if (this.persistent) return;
		this.persistent = await requestPersistentStorage().catch(() => false);
	}

	private setOnline(online: boolean): void {
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
