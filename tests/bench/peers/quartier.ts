/**
 * How a load-generator connection speaks to Quartier's relay, including how it is admitted: the
 * ONE file to update when the relay's admission changes. Today: the room token in the URL
 * (`/sync/<boardId>?token=<token>`; the first token seen registers the room), then the relay's
 * challenge (101), answered with a member proof (102) signed by the connection's own Ed25519 key,
 * then y-websocket's protocol plus MESSAGE_ACK (100) and MESSAGE_REFUSED (103).
 */
import { sign } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import {
	encodeProof,
	MESSAGE_ACK,
	MESSAGE_AUTH_CHALLENGE,
	MESSAGE_REFUSED,
	MESSAGE_SYNC,
	proofPayload,
	readRefusedBody,
	SYNC_PATH
} from '../../../src/lib/sync/protocol';
import { readSync, step1, step2, updateFrame } from './y-protocol';
import type { Incoming, Wire, WireContext } from './types';

export const quartierWire: Wire = {
	url: (base, ctx) => `${base}${SYNC_PATH}/${ctx.room.id}?token=${ctx.room.token}`,
	greet(ctx) {
		// y-websocket greets at once too; the relay holds it until the proof.
		ctx.send(step1(ctx.stateVector()));
	},
	receive(ctx: WireContext, frame: Uint8Array): Incoming {
		const decoder = decoding.createDecoder(frame);
		switch (decoding.readVarUint(decoder)) {
			case MESSAGE_SYNC:
				return readSync(decoder, (sv) => ctx.reply(step2(ctx.ownState(sv))));
			case MESSAGE_ACK:
				return { kind: 'ack' };
			case MESSAGE_AUTH_CHALLENGE:
				answerChallenge(ctx, decoding.readVarUint8Array(decoder));
				return { kind: 'other' };
			case MESSAGE_REFUSED:
				return { kind: 'refused', reason: readRefusedBody(decoder).reason };
			default:
				return { kind: 'other' };
		}
	},
	update: (_ctx, update) => updateFrame(update)
};

function answerChallenge(ctx: WireContext, nonce: Uint8Array): void {
	const { member } = ctx;
	const signature = sign(null, proofPayload(ctx.room.id, nonce), member.privateKey);
	ctx.send(
		encodeProof({
			memberId: member.memberId,
			publicKey: member.publicKey,
			clientId: member.clientId,
			signature: new Uint8Array(signature),
			chain: []
		})
	);
}

/**
 * Relay settings for a load test. Every generated client connects from 127.0.0.1, where real
 * phones each have their own address, so the per-address connection rate is lifted; every other
 * limit keeps its default.
 */
export const QUARTIER_BENCH_ENV: Record<string, string> = {
	QUARTIER_CONNECTIONS_PER_IP: '1000000'
};
