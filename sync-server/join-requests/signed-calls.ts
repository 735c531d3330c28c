/**
 * A requester's status poll: `{ at, signature }` over joinStatusPayload, by the request's own
 * device key, within SIGNED_CALL_WINDOW_MS of the relay's clock; a failure is a 401
 * `bad-signature`. An admin's calls are member calls (../signed-member-call.ts); whether the
 * caller is an admin is the next question (board-facts.ts).
 */
import { joinStatusPayload } from '../../src/lib/domain/join/request';
import { signatureBytes } from '../device-signature';
import { verifyEd25519 } from '../ed25519';
import { HttpError } from '../http-io';
import { withinWindow } from '../signed-member-call';

const badSignature = () => new HttpError(401, 'bad-signature');

/** Throws 401 unless `raw` is `{ at, signature }` signed by `deviceKey` for this request. */
export function checkStatusCall(raw: unknown, requestId: string, deviceKey: string, now: number) {
	if (typeof raw !== 'object' || raw === null) throw new HttpError(400, 'invalid');
	const { at, signature } = raw as { at?: unknown; signature?: unknown };
	const bytes = signatureBytes(signature);
	if (!withinWindow(at, now) || bytes === null) throw badSignature();
	if (!verifyEd25519(deviceKey, joinStatusPayload(requestId, at), bytes)) throw badSignature();
}
