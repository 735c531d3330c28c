/**
 * Helpers of the join-request tests: boards an admin creates and lists (or opens) through a real
 * synced client, requests and calls signed as the app signs them (Node's Ed25519, WebCrypto
 * ECDH keys), and raw HTTP calls that may leave from another loopback address (127.0.0.x) to
 * show what is keyed on the socket's address.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { expect, type TestContext } from 'vitest';
import * as prng from 'lib0/prng';
import { newBoardIdentity } from '../../src/lib/domain/board/board-id';
import { createBoard } from '../../src/lib/domain/board/commands';
import { newBoardSecret } from '../../src/lib/domain/board/invite';
import { setVisibility, type Visibility } from '../../src/lib/domain/directory/visibility';
import { generateEncryptionKeys, type EncryptionKeys } from '../../src/lib/domain/identity/sealed';
import {
	adminCallPayload,
	joinStatusPayload,
	joinRequestPayload,
	type AdminCallAuth,
	type JoinRequestBody,
	type SignedJoinRequest
} from '../../src/lib/domain/join/request';
import { deriveRoomToken } from '../../src/lib/sync/room-token';
import { connectClient, testMember, waitFor, type SyncClient, type TestMember } from './clients';
import type { RelayProcess } from './relay-process';

/** Fixed so runs are reproducible; set QUARTIER_TEST_SEED to explore others. */
export const SEED = Number(process.env.QUARTIER_TEST_SEED ?? 20_261_202);

/** For beforeEach: a failing test prints the seed to replay it with. */
export function printSeedOnFailure(context: TestContext): void {
	context.onTestFailed(() =>
		console.error(`join-request test failed with QUARTIER_TEST_SEED=${SEED}`)
	);
}

export interface TestBoard {
	board: string;
	secret: string;
	token: string;
	admin: TestMember;
	adminKeys: EncryptionKeys;
	client: SyncClient;
}

/** A board created by a fresh admin, with the given visibility and questions, stored on the relay. */
export async function boardWith(
	relay: RelayProcess,
	gen: prng.PRNG,
	visibility: Visibility,
	questions: string[] = []
): Promise<TestBoard> {
	const admin = testMember(gen);
	const { boardId: board, nonce } = newBoardIdentity(admin.memberId);
	const secret = newBoardSecret();
	const token = deriveRoomToken(board, secret);
	const client = connectClient(relay, board, token, { member: admin });
	await waitFor(() => client.provider.synced, 'admin synced');
	const input = {
		name: 'Entraide Bonnevoie',
		city: 'Luxembourg',
		neighbourhood: '',
		description: ''
	};
	createBoard(client.doc, admin.memberId, nonce, input, 1);
	setVisibility(
		client.doc,
		board,
		admin.memberId,
		{ visibility, questions, placeId: null },
		secret,
		2
	);
	await waitFor(() => client.isAcked(), 'board stored');
	expect(client.refusals).toEqual([]);
	return { board, secret, token, admin, adminKeys: await generateEncryptionKeys(), client };
}

export interface Requester {
	member: TestMember;
	keys: EncryptionKeys;
}

export async function newRequester(gen: prng.PRNG, member = testMember(gen)): Promise<Requester> {
	return { member, keys: await generateEncryptionKeys() };
}

export function signedRequest(
	requester: Requester,
	boardId: string,
	answers: string[],
	change: Partial<JoinRequestBody> = {}
): SignedJoinRequest {
	const { member, keys } = requester;
	const body: JoinRequestBody = {
		v: 1,
		boardId,
		memberId: member.memberId,
		deviceKey: member.publicKey,
		encryptionKey: keys.publicKey,
		chain: member.chain,
		name: 'Chloé',
		bio: 'Nouvelle à Bonnevoie',
		answers,
		at: Date.now(),
		...change
	};
	const signature = Buffer.from(member.sign(joinRequestPayload(body))).toString('base64url');
	return { body, signature };
}

export interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	json: Record<string, unknown>;
}

export interface CallOptions {
	headers?: Record<string, string>;
	/** The loopback address the call leaves from: 127.0.0.1 otherwise. */
	from?: string;
	/** Send the body chunked, without a Content-Length. */
	chunked?: boolean;
}

/** One HTTP call on a fresh connection; `body` as bytes, or JSON of anything else. */
export function call(
	relay: RelayProcess,
	method: string,
	path: string,
	body?: unknown,
	options: CallOptions = {}
): Promise<Answer> {
	const bytes =
		body === undefined
			? Buffer.alloc(0)
			: Buffer.isBuffer(body)
				? body
				: Buffer.from(JSON.stringify(body));
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port: relay.port,
				method,
				path,
				localAddress: options.from,
				agent: false,
				headers: {
					'Content-Type': 'application/json',
					...(options.chunked
						? { 'Transfer-Encoding': 'chunked' }
						: { 'Content-Length': bytes.byteLength }),
					...options.headers
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json: Record<string, unknown> = {};
					try {
						json = JSON.parse(text) as Record<string, unknown>;
					} catch {
						// Not JSON: the test reads `text`.
					}
					resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
				});
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		if (options.chunked) {
			for (let at = 0; at < bytes.byteLength; at += 1024) req.write(bytes.subarray(at, at + 1024));
		}
		req.end(options.chunked ? undefined : bytes);
	});
}

export const requestsPath = (board: string) => `/api/directory/boards/${board}/requests`;
export const joinPath = (board: string) => `/api/directory/boards/${board}/join`;
export const statusPath = (requestId: string) => `/api/join-requests/${requestId}/status`;
export const adminListPath = (board: string) => `/api/boards/${board}/requests`;
export const decisionPath = (board: string, requestId: string) =>
	`/api/boards/${board}/requests/${requestId}/decision`;
export const blockPath = (board: string, requestId: string) =>
	`/api/boards/${board}/requests/${requestId}/block`;

/** The requester's signed status poll. */
export function pollStatus(
	relay: RelayProcess,
	member: TestMember,
	requestId: string,
	at = Date.now(),
	options: CallOptions = {}
): Promise<Answer> {
	const signature = Buffer.from(member.sign(joinStatusPayload(requestId, at))).toString(
		'base64url'
	);
	return call(relay, 'POST', statusPath(requestId), { at, signature }, options);
}

/** The `Authorization` header of an admin's call, as the app signs it. */
export function adminAuthorization(
	device: TestMember,
	boardId: string,
	method: string,
	path: string,
	body: Buffer,
	at = Date.now()
): string {
	const bodyHash = createHash('sha256').update(body).digest('base64url');
	const payload = adminCallPayload({ boardId, method, path, at, bodyHash });
	const auth: AdminCallAuth = {
		memberId: device.memberId,
		deviceKey: device.publicKey,
		chain: device.chain,
		at,
		signature: Buffer.from(device.sign(payload)).toString('base64url')
	};
	return `Quartier ${Buffer.from(JSON.stringify(auth)).toString('base64url')}`;
}

/** A call signed by `device` for `boardId`. */
export function adminCall(
	relay: RelayProcess,
	device: TestMember,
	boardId: string,
	method: 'GET' | 'POST',
	path: string,
	body?: unknown
): Promise<Answer> {
	const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
	const authorization = adminAuthorization(device, boardId, method, path, bytes);
	return call(relay, method, path, bytes, { headers: { Authorization: authorization } });
}
