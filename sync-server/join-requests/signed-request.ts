/**
 * A requester's `SignedJoinRequest`, checked: the body's shape and sizes (valibot, as the app
 * writes it), the board it names, and the signature of the device over `joinRequestPayload`,
 * with the chain from the member's root key on a linked device — the very check of a connection
 * proof (device-signature.ts). Anything wrong is a 400 `invalid`: the requester's app sent it.
 */
import * as v from 'valibot';
import {
	JoinRequestBody,
	joinRequestPayload,
	type JoinRequestBody as Body
} from '../../src/lib/domain/join/request';
import { isSignedByMember, signatureBytes } from '../device-signature';
import { HttpError } from '../http-io';

export async function verifiedJoinRequest(raw: unknown, boardId: string): Promise<Body> {
	const invalid = new HttpError(400, 'invalid');
	if (typeof raw !== 'object' || raw === null) throw invalid;
	const { body, signature } = raw as { body?: unknown; signature?: unknown };
	const parsed = v.safeParse(JoinRequestBody, body);
	const bytes = signatureBytes(signature);
	if (!parsed.success || bytes === null) throw invalid;
	// The shape keeps extra fields of certificates (looseObject); the payload signs the known ones.
	const request = parsed.output as Body;
	if (request.boardId !== boardId) throw invalid;
	const signed = await isSignedByMember(
		{
			memberId: request.memberId,
			deviceKey: request.deviceKey,
			chain: request.chain,
			signature: bytes
		},
		joinRequestPayload(request)
	);
	if (!signed) throw invalid;
	return request;
}
