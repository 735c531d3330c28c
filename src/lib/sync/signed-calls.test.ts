import { describe, expect, it } from 'vitest';
import { fromBase64UrlEncoded } from 'lib0/buffer';
import { generateIdentityKeys, signBytes, verifyBytes } from '$lib/domain/identity/keys';
import { generateEncryptionKeys } from '$lib/domain/identity/sealed';
import {
	adminCallPayload,
	joinRequestPayload,
	joinStatusPayload,
	type AdminCallAuth
} from '$lib/domain/join/request';
import { joinRequestBody } from '$lib/domain/join/request-input';
import {
	adminAuthorization,
	bodyHash,
	signJoinRequest,
	signStatusCall,
	type DeviceSigner
} from './signed-calls';

async function signer(): Promise<DeviceSigner> {
	const keys = await generateIdentityKeys();
	const enc = await generateEncryptionKeys();
	return {
		memberId: keys.memberId,
		deviceKey: keys.publicKey,
		encryptionKey: enc.publicKey,
		chain: [],
		sign: (bytes) => signBytes(keys.privateKey, bytes)
	};
}

const BOARD = 'b'.repeat(22);

describe('signed directory calls', () => {
	it('signs a join request over its canonical payload, with the device keys', async () => {
		const s = await signer();
		const body = joinRequestBody(BOARD, { name: 'Chloé', bio: '', answers: ['Voisine'] }, s, 1000);
		const signed = await signJoinRequest(s, body);
		expect(signed.body).toMatchObject({ memberId: s.memberId, encryptionKey: s.encryptionKey });
		expect(await verifyBytes(s.deviceKey, joinRequestPayload(body), signed.signature)).toBe(true);
		// Any change of the body breaks the signature.
		const changed = { ...body, answers: ['Autre'] };
		expect(await verifyBytes(s.deviceKey, joinRequestPayload(changed), signed.signature)).toBe(
			false
		);
	});

	it('signs a status call for one request at one time', async () => {
		const s = await signer();
		const call = await signStatusCall(s, 'r'.repeat(22), 5000);
		expect(call.at).toBe(5000);
		const payload = joinStatusPayload('r'.repeat(22), 5000);
		expect(await verifyBytes(s.deviceKey, payload, call.signature)).toBe(true);
		expect(
			await verifyBytes(s.deviceKey, joinStatusPayload('r'.repeat(22), 5001), call.signature)
		).toBe(false);
	});

	it('hashes the empty body as sha256 of nothing', async () => {
		expect(await bodyHash('')).toBe('47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU');
	});

	it("puts the admin's signed envelope in the Authorization header", async () => {
		const s = await signer();
		const body = JSON.stringify({ decision: 'decline', message: 'Désolé', sealedInvite: null });
		const path = `/api/boards/${BOARD}/requests/${'r'.repeat(22)}/decision`;
		const header = await adminAuthorization(s, {
			boardId: BOARD,
			method: 'post',
			path,
			body,
			at: 7
		});
		expect(header.startsWith('Quartier ')).toBe(true);
		const auth = JSON.parse(
			new TextDecoder().decode(fromBase64UrlEncoded(header.slice('Quartier '.length)))
		) as AdminCallAuth;
		expect(auth).toMatchObject({ memberId: s.memberId, deviceKey: s.deviceKey, chain: [], at: 7 });
		const payload = adminCallPayload({
			boardId: BOARD,
			method: 'POST',
			path,
			at: 7,
			bodyHash: await bodyHash(body)
		});
		expect(await verifyBytes(s.deviceKey, payload, auth.signature)).toBe(true);
		const otherBody = adminCallPayload({
			boardId: BOARD,
			method: 'POST',
			path,
			at: 7,
			bodyHash: await bodyHash('')
		});
		expect(await verifyBytes(s.deviceKey, otherBody, auth.signature)).toBe(false);
	});
});
