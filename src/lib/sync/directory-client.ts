/**
 * The relay's directory and join-request HTTP API (issue 16), for the app. No DOM, no storage:
 * state/ caches what it needs. Every failure is a `DirectoryError` whose `code` is the relay's
 * error code (`not-found`, `blocked`, `rate-limited`…), or `unreachable` when no answer came
 * (offline, relay down), or `bad-answer` when the answer was not what the API promises.
 */
import type { JoinDecision, SignedJoinRequest } from '../domain/join/request';
import { directoryQueryString } from './directory-query';
import type {
	AdminRequestView,
	DirectoryAnswer,
	DirectoryEntry,
	DirectoryQuery,
	JoinStatusAnswer,
	Place
} from '../domain/directory/api-types';
import { parsePlaces } from './places-api';
import { adminAuthorization, signStatusCall, type DeviceSigner } from './signed-calls';

export class DirectoryError extends Error {
	constructor(readonly code: string) {
		super(`directory call failed: ${code}`);
		this.name = 'DirectoryError';
	}
}

/** True when the call may work later unchanged (no network, relay busy or down). */
export function isTransient(error: unknown): boolean {
	return (
		error instanceof DirectoryError &&
		(error.code === 'unreachable' || error.code === 'rate-limited' || /^http-5/.test(error.code))
	);
}

type Fetch = typeof fetch;

export class DirectoryClient {
	constructor(
		private readonly relayUrl: string,
		private readonly fetchImpl: Fetch = (...args) => fetch(...args)
	) {}

	async places(q: string, limit = 8): Promise<Place[]> {
		const params = new URLSearchParams({ q, limit: String(limit) });
		const answer = await this.call<unknown>('GET', `/api/places?${params}`);
		try {
			return parsePlaces(answer);
		} catch {
			throw new DirectoryError('bad-answer');
		}
	}

	async search(query: DirectoryQuery): Promise<DirectoryAnswer> {
		const answer = await this.call<DirectoryAnswer>(
			'GET',
			`/api/directory?${directoryQueryString(query)}`
		);
		if (!Array.isArray(answer.boards) || !answer.boards.every(isEntry))
			throw new DirectoryError('bad-answer');
		return { boards: answer.boards, total: Number(answer.total) || answer.boards.length };
	}

	async board(boardId: string): Promise<DirectoryEntry> {
		const entry = await this.call<DirectoryEntry>(
			'GET',
			`/api/directory/boards/${encodeURIComponent(boardId)}`
		);
		if (!isEntry(entry)) throw new DirectoryError('bad-answer');
		return entry;
	}

	/** Asks to join a listed board; the same request again while pending replaces it. */
	async ask(request: SignedJoinRequest): Promise<{ requestId: string; status: string }> {
		const path = `/api/directory/boards/${encodeURIComponent(request.body.boardId)}/requests`;
		return this.call('POST', path, JSON.stringify(request));
	}

	/** Joins an open board at once: the relay hands out its invite secret. */
	async joinOpen(request: SignedJoinRequest): Promise<{ boardId: string; secret: string }> {
		const path = `/api/directory/boards/${encodeURIComponent(request.body.boardId)}/join`;
		return this.call('POST', path, JSON.stringify(request));
	}

	async status(signer: DeviceSigner, requestId: string, now: number): Promise<JoinStatusAnswer> {
		const body = JSON.stringify(await signStatusCall(signer, requestId, now));
		const path = `/api/join-requests/${encodeURIComponent(requestId)}/status`;
		return this.call('POST', path, body);
	}

	async adminRequests(
		signer: DeviceSigner,
		boardId: string,
		now: number
	): Promise<AdminRequestView[]> {
		const path = `/api/boards/${encodeURIComponent(boardId)}/requests`;
		const answer = await this.adminCall<{ requests: AdminRequestView[] }>(
			signer,
			boardId,
			'GET',
			path,
			'',
			now
		);
		if (!Array.isArray(answer.requests)) throw new DirectoryError('bad-answer');
		return answer.requests;
	}

	/** How many members each invite link let in, by its token hash (admins only). */
	async inviteCounts(
		signer: DeviceSigner,
		boardId: string,
		now: number
	): Promise<Record<string, number>> {
		const path = `/api/boards/${encodeURIComponent(boardId)}/invites`;
		const answer = await this.adminCall<{ uses: unknown }>(signer, boardId, 'GET', path, '', now);
		const uses = answer.uses;
		if (typeof uses !== 'object' || uses === null) throw new DirectoryError('bad-answer');
		return Object.fromEntries(
			Object.entries(uses).filter((entry): entry is [string, number] => Number.isInteger(entry[1]))
		);
	}

	async decide(
		signer: DeviceSigner,
		boardId: string,
		requestId: string,
		decision: JoinDecision,
		now: number
	): Promise<void> {
		const path = `/api/boards/${encodeURIComponent(boardId)}/requests/${encodeURIComponent(requestId)}/decision`;
		await this.adminCall(signer, boardId, 'POST', path, JSON.stringify(decision), now);
	}

	async block(signer: DeviceSigner, boardId: string, requestId: string, now: number) {
		const path = `/api/boards/${encodeURIComponent(boardId)}/requests/${encodeURIComponent(requestId)}/block`;
		await this.adminCall(signer, boardId, 'POST', path, '', now);
	}

	private async adminCall<T>(
		signer: DeviceSigner,
		boardId: string,
		method: string,
		path: string,
		body: string,
		at: number
	): Promise<T> {
		const authorization = await adminAuthorization(signer, { boardId, method, path, body, at });
		return this.call<T>(method, path, body || undefined, { authorization });
	}

	private async call<T>(
		method: string,
		path: string,
		body?: string,
		headers: Record<string, string> = {}
	): Promise<T> {
		let response: Response;
		try {
			response = await this.fetchImpl(new URL(path, this.relayUrl), {
				method,
				body,
				headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
				cache: 'no-store'
			});
		} catch {
			throw new DirectoryError('unreachable');
		}
		let json: unknown = null;
		try {
			json = await response.json();
		} catch {
			// A proxy's HTML error page, or an empty body: the status says enough.
		}
		if (!response.ok) {
			const code = (json as { error?: unknown } | null)?.error;
			throw new DirectoryError(typeof code === 'string' ? code : `http-${response.status}`);
		}
		if (json === null || typeof json !== 'object') throw new DirectoryError('bad-answer');
		return json as T;
	}
}

function isEntry(value: unknown): value is DirectoryEntry {
	const e = value as Partial<DirectoryEntry> | null;
	return (
		!!e &&
		typeof e.boardId === 'string' &&
		typeof e.name === 'string' &&
		Array.isArray(e.posts) &&
		Array.isArray(e.spaces) &&
		Array.isArray(e.questions)
	);
}
