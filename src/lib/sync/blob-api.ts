/**
 * The relay's photo store (issue 19, sync-server/blobs/): a photo is PUT and fetched by the sha256
 * of its bytes, each call signed like an admin's (`adminAuthorization`) so only members of the
 * board are answered. No DOM, no storage: state/photos/ decides when to call. Failures are a
 * `BlobApiError` with the relay's code (`quota-exceeded`, `too-large`, `unsupported-type`,
 * `not-a-member`, `not-found`…), `unreachable` (no answer) or `http-<status>`.
 */
import { adminAuthorization, type DeviceSigner } from './signed-calls';

export class BlobApiError extends Error {
	constructor(readonly code: string) {
		super(`photo call failed: ${code}`);
		this.name = 'BlobApiError';
	}
}

/** True when the same call may work later: no network, relay busy or down, rate-limited. */
export function isTransientBlobError(error: unknown): boolean {
	return (
		!(error instanceof BlobApiError) ||
		error.code === 'unreachable' ||
		error.code === 'rate-limited' ||
		error.code === 'closing' ||
		/^http-5/.test(error.code)
	);
}

export const blobPath = (boardId: string, hash: string) =>
	`/api/boards/${encodeURIComponent(boardId)}/blobs/${hash}`;

type Fetch = typeof fetch;

export class BlobApi {
	constructor(
		private readonly relayUrl: string,
		private readonly fetchImpl: Fetch = (...args) => fetch(...args)
	) {}

	/** Stores the photo; resolves once the relay committed it (or had it already). */
	async put(signer: DeviceSigner, boardId: string, hash: string, bytes: Uint8Array): Promise<void> {
		await this.signed(signer, boardId, hash, 'PUT', bytes, Date.now());
	}

	/** The photo's bytes and type, as stored. */
	async get(
		signer: DeviceSigner,
		boardId: string,
		hash: string
	): Promise<{ bytes: Uint8Array; type: string }> {
		const response = await this.signed(signer, boardId, hash, 'GET', null, Date.now());
		const bytes = new Uint8Array(await response.arrayBuffer());
		return { bytes, type: response.headers.get('content-type') ?? '' };
	}

	private async signed(
		signer: DeviceSigner,
		boardId: string,
		hash: string,
		method: 'PUT' | 'GET',
		body: Uint8Array | null,
		at: number
	): Promise<Response> {
		const path = blobPath(boardId, hash);
		const authorization = await adminAuthorization(signer, {
			boardId,
			method,
			path,
			body: body ?? '',
			at
		});
		const headers: Record<string, string> = { authorization };
		if (body) headers['content-type'] = 'application/octet-stream';
		let response: Response;
		try {
			// Not an inline literal: `cache` is a browser field Node's RequestInit type lacks. The
			// photo is kept in IndexedDB, never in the HTTP cache.
			const init = {
				method,
				headers,
				body: body as Uint8Array<ArrayBuffer> | null,
				cache: 'no-store' as const
			};
			response = await this.fetchImpl(new URL(path, this.relayUrl), init);
		} catch {
			throw new BlobApiError('unreachable');
		}
		if (response.ok) return response;
		const json = (await response.json().catch(() => null)) as { error?: unknown } | null;
		throw new BlobApiError(
			typeof json?.error === 'string' ? json.error : `http-${response.status}`
		);
	}
}
