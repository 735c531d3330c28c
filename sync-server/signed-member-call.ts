/**
 * A member's signed call over HTTP: the `Authorization: Quartier <base64url JSON AdminCallAuth>`
 * header over adminCallPayload, which binds the board, method, path with query, time (within
 * SIGNED_CALL_WINDOW_MS of the relay's clock) and a hash of the body. The signing device is
 * checked like a connection proof (its chain to the member's root key). Admins' calls on join
 * requests and members' push subscriptions both use it; a failure is a 401 `bad-signature`, and
 * what the member may do on the board is the caller's next question.
 */
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import {
	AdminCallAuthShape,
	adminCallPayload,
	SIGNED_CALL_WINDOW_MS
} from '../src/lib/domain/join/request';
import type { DeviceCertificate } from '../src/lib/domain/identity/device-chain';
import { isSignedByMember, signatureBytes } from './device-signature';
import { HttpError } from './http-io';
import type { MemberDevice } from './policy/room-policy';

const badSignature = () => new HttpError(401, 'bad-signature');

/** A number within the signed-call window of `now`. */
export function withinWindow(at: unknown, now: number): at is number {
	return (
		typeof at === 'number' && Number.isFinite(at) && Math.abs(now - at) <= SIGNED_CALL_WINDOW_MS
	);
}

export interface MemberCall {
	boardId: string;
	method: string;
	/** The request line's path, with its query. */
	path: string;
	body: Buffer;
}

/** The calling device, verified; throws 401 for a missing, malformed, stale or forged header. */
export async function verifiedMemberDevice(
	header: string | undefined,
	call: MemberCall,
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
