/**
 * The two other signed calls: a requester's status poll (`{ at, signature }` over
 * joinStatusPayload, by the request's own device key) and an admin's call (the
 * `Authorization: Quartier <base64url JSON AdminCallAuth>` header over adminCallPayload, which
 * binds the board, method, path with query, time and a hash of the body). Both must be signed
 * within SIGNED_CALL_WINDOW_MS of the relay's clock. A failure is a 401 `bad-signature`; whether
 * the admin is one is the caller's next question (board-facts.ts).
 */
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import {
	AdminCallAuthShape,
	adminCallPayload,
	joinStatusPayload,
	SIGNED_CALL_WINDOW_MS
} from '../../src/lib/domain/join/request';
import type { DeviceCertificate } from '../../src/lib/domain/identity/device-chain';
import { isSignedByMember, signatureBytes } from '../device-signature';
import { verifyEd25519 } from '../ed25519';
import type { MemberDevice } from '../policy/room-policy';
import { HttpError } from './http-io';

const badSignature = () => new HttpError(401, 'bad-signature');

function withinWindow(at: unknown, now: number): at is number {
	return (
		typeof at === 'number' && Number.isFinite(at) && Math.abs(now - at) <= SIGNED_CALL_WINDOW_MS
	);
}

/** Throws 401 unless `raw` is `{ at, signature }` signed by `deviceKey` for this request. */
export function checkStatusCall(raw: unknown, requestId: string, deviceKey: string, now: number) {
	if (typeof raw !== 'object' || raw === null) throw new HttpError(400, 'invalid');
	const { at, signature } = raw as { at?: unknown; signature?: unknown };
	const bytes = signatureBytes(signature);
	if (!withinWindow(at, now) || bytes === null) throw badSignature();
	if (!verifyEd25519(deviceKey, joinStatusPayload(requestId, at), bytes)) throw badSignature();
}

export interface AdminCall {
	boardId: string;
	method: string;
	/** The request line's path, with its query. */
	path: string;
	body: Buffer;
}

/** The admin's device, verified; throws 401 for a missing, malformed, stale or forged header. */
export async function verifiedAdminDevice(
	header: string | undefined,
	call: AdminCall,
	now: number
): Promise<MemberDevice> {
	const match = /^Quartier ([A-Za-z0-9_-]+)$/.exec(header?.trim() ?? '');
	if (!match) throw badSignature();
	let raw: unknown;
	try {
		raw = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8'));
	} catch {
		throw badSignature();
	}
	const parsed = v.safeParse(AdminCallAuthShape, raw);
	if (!parsed.success) throw badSignature();
	const auth = parsed.output;
	const bytes = signatureBytes(auth.signature);
	if (!withinWindow(auth.at, now) || bytes === null) throw badSignature();
	const bodyHash = createHash('sha256').update(call.body).digest('base64url');
	const payload = adminCallPayload({ ...call, at: auth.at, bodyHash });
	const chain = auth.chain as DeviceCertificate[];
	const device = { memberId: auth.memberId, deviceKey: auth.deviceKey, chain };
	if (!(await isSignedByMember({ ...device, signature: bytes }, payload))) throw badSignature();
	return device;
}
