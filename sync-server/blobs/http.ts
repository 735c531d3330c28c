/**
 * Photos' HTTP routes (issue 19): a member's signed `PUT` and `GET /api/boards/<id>/blobs/<sha256
 * hex>`. A call is checked in this order: budget per socket address (429), the path (404 board,
 * 400 `bad-hash`), body cap (413 `too-large`), signature (401, signed-member-call.ts), the board
 * (404) and the caller's standing on it (403: a member with a profile, not removed, this device
 * not taken back); then, for an upload, the bytes' hash (400 `hash-mismatch`), their type by the
 * first bytes (415 `unsupported-type`) and the board's quota (413 `quota-exceeded`). Nobody but a
 * member learns whether a photo exists. A stored photo never changes (its name is its hash), so a
 * GET is `private, immutable` with the hash as its ETag.
 */
import { createHash } from 'node:crypto';
import type * as http from 'node:http';
import type { Logger } from 'pino';
import { ID_RE } from '../../src/lib/domain/ids';
import { photosNamedBy } from '../../src/lib/domain/photos/named';
import { isPhotoHash, sniffPhotoType } from '../../src/lib/domain/photos/rules';
import type { BlobConfig } from '../config';
import { HttpError, readBody, sendError, sendJson } from '../http-io';
import type { MemberDevice } from '../policy/room-policy';
import { standingOf } from '../push/standing';
import { KeyedRateLimit } from '../rate-limit';
import { withRoom } from '../room-read';
import type { Rooms } from '../rooms';
import { verifiedMemberDevice } from '../signed-member-call';
import type { Storage } from '../storage';
import { BoardQueue } from './board-queue';
import { BlobSweeper, sweepBoard } from './sweep';
import { BlobStore } from './store';

const BLOB_PATH = /^\/api\/boards\/([^/]+)\/blobs\/([^/]+)$/;
const YEAR_SECONDS = 365 * 24 * 60 * 60;

export interface BlobRoutesDeps {
	config: BlobConfig;
	rooms: Rooms;
	storage: Storage;
	log: Logger;
	isClosing(): boolean;
	/** Several instances share the boards (sweep.ts reads a board up to date before deleting). */
	shared: boolean;
}

export interface Blobs {
	/** Answers a photo call; false when the path is not one. */
	handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
	/** Waits for the sweeps the rooms' unloading started; call before the storage closes. */
	close(): Promise<void>;
}

export function mountBlobs(deps: BlobRoutesDeps): Blobs {
	const store = new BlobStore(deps.storage.sql);
	const uploads = new BoardQueue();
	const sweeper = new BlobSweeper(store, uploads, deps.rooms, deps.config, deps.log, deps.shared);
	deps.rooms.watch(sweeper);
	return { handle: blobsHttp(deps, store, uploads), close: () => sweeper.close() };
}

function blobsHttp(deps: BlobRoutesDeps, store: BlobStore, uploads: BoardQueue) {
	const perMinute = deps.config.callsPerIpPerMinute;
	const calls = new KeyedRateLimit(perMinute / 60, perMinute);
	const fail = (req: http.IncomingMessage, res: http.ServerResponse, error: unknown) => {
		if (req.destroyed && !(error instanceof HttpError)) {
			// The phone went away mid-upload (its network dropped): routine, nobody to answer.
			deps.log.debug({ err: error, url: req.url }, 'blob call aborted');
			res.destroy();
			return;
		}
		if (!(error instanceof HttpError)) {
			deps.log.error({ err: error, url: req.url }, 'blob call failed');
			error = new HttpError(500, 'internal');
		}
		if (!res.headersSent) sendError(res, error as HttpError);
		else res.destroy();
	};
	return (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
		const path = (req.url ?? '').split('?', 1)[0] ?? '';
		const match = BLOB_PATH.exec(path);
		if (!match) return false;
		const [, boardId = '', hash = ''] = match;
		const refuse = (error: HttpError) => {
			req.resume();
			fail(req, res, error);
			return true;
		};
		if (req.method !== 'PUT' && req.method !== 'GET') {
			return refuse(new HttpError(405, 'method-not-allowed'));
		}
		if (!ID_RE.test(boardId)) return refuse(new HttpError(404, 'not-found'));
		if (!isPhotoHash(hash)) return refuse(new HttpError(400, 'bad-hash'));
		if (deps.isClosing()) return refuse(new HttpError(503, 'closing'));
		if (!calls.take(req.socket.remoteAddress ?? 'unknown')) {
			return refuse(new HttpError(429, 'rate-limited', 60 / perMinute));
		}
		const call = { deps, store, req, boardId, hash };
		if (req.method === 'GET') {
			download(call).then(
				(blob) => {
					const etag = `"${hash}"`;
					const headers = {
						'Cache-Control': `private, max-age=${YEAR_SECONDS}, immutable`,
						ETag: etag,
						'X-Content-Type-Options': 'nosniff'
					};
					if (req.headers['if-none-match'] === etag) {
						res.writeHead(304, headers);
						res.end();
						return;
					}
					res.writeHead(200, {
						...headers,
						'Content-Type': blob.type,
						'Content-Length': blob.data.byteLength
					});
					res.end(blob.data);
				},
				(error: unknown) => fail(req, res, error)
			);
		} else {
			upload(call, uploads).then(
				(created) => sendJson(res, created ? 201 : 200, { hash }),
				(error: unknown) => fail(req, res, error)
			);
		}
		return true;
	};
}

interface BlobCall {
	deps: BlobRoutesDeps;
	store: BlobStore;
	req: http.IncomingMessage;
	boardId: string;
	hash: string;
}

/** The verified caller and the body, once the caller is a member in good standing. */
async function memberCall({ deps, req, boardId }: BlobCall, maxBytes: number) {
	const body = await readBody(req, maxBytes);
	const call = { boardId, method: req.method ?? '', path: req.url ?? '', body };
	const device = await verifiedMemberDevice(req.headers.authorization, call, Date.now());
	const standing = await withRoom(deps.rooms, deps.storage, boardId, (room) =>
		standingOf(room).mayReceive(device)
	);
	if (standing === null) throw new HttpError(404, 'not-found');
	if (!standing) throw new HttpError(403, 'not-a-member');
	return { device, body };
}

async function download(call: BlobCall) {
	// A GET has no body: anything sent with one is refused at the first byte over zero.
	await memberCall(call, 0);
	const blob = await call.store.get(call.boardId, call.hash);
	if (blob === undefined) throw new HttpError(404, 'not-found');
	return blob;
}

/** True when stored now, false when it was there already. */
async function upload(call: BlobCall, uploads: BoardQueue): Promise<boolean> {
	const { deps, store, boardId, hash } = call;
	const { device, body } = await memberCall(call, deps.config.maxBytes);
	if (createHash('sha256').update(body).digest('hex') !== hash) {
		throw new HttpError(400, 'hash-mismatch');
	}
	const type = sniffPhotoType(body);
	if (type === null) throw new HttpError(415, 'unsupported-type');
	return uploads.run(boardId, async () => {
		const blob = newBlob(boardId, hash, type, body, device);
		if (await store.has(boardId, hash)) {
			// Uploaded again before a record names it: it waits out the sweep's grace again.
			await store.put(blob);
			return false;
		}
		// Checked with this board's earlier uploads committed: two at once cannot both fit the last MB.
		if (!(await fits(call, body.byteLength))) throw new HttpError(413, 'quota-exceeded');
		await store.put(blob);
		return true;
	});
}

/** Whether `bytes` more fit the board's quota, once photos no record names are swept. */
async function fits({ deps, store, boardId }: BlobCall, bytes: number): Promise<boolean> {
	const quota = deps.config.quotaBytesPerBoard;
	if ((await store.usage(boardId)) + bytes <= quota) return true;
	// A copy that may lag behind the log is read up to date first (sweep.ts); one that cannot be
	// sweeps nothing, and the quota answers as it stands.
	const named = await withRoom(deps.rooms, deps.storage, boardId, async (room) =>
		(await room.upToDate()) ? photosNamedBy(room.doc) : null
	);
	if (named === null) return false;
	await sweepBoard(store, boardId, named, deps.config, Date.now());
	return (await store.usage(boardId)) + bytes <= quota;
}

function newBlob(
	boardId: string,
	hash: string,
	type: NonNullable<ReturnType<typeof sniffPhotoType>>,
	data: Buffer,
	device: MemberDevice
) {
	return { boardId, hash, type, data, memberId: device.memberId, at: Date.now() };
}
