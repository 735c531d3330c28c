/**
 * Did this member's device sign these bytes? The one check behind every signed thing the relay
 * accepts: connection proofs (authenticate.ts), join requests, their status polls and admins'
 * calls (join-requests/). On the member's first device the key is the root key the member id
 * derives from (empty chain); on a linked device the chain leads from the root key (its first
 * issuer) to the signing key, each certificate signed by the previous device for this member.
 * Removed devices are the room policy's business (policy/), once the room is open.
 */
import { isValidChain, type DeviceCertificate } from '../src/lib/domain/identity/device-chain';
import { memberIdFromPublicKey } from '../src/lib/domain/identity/member-id';
import { isCanonicalKey, verifyEd25519, verifyWithNodeCrypto } from './ed25519';

export interface DeviceSignature {
	memberId: string;
	/** The key that signed: the member's root key, or a linked device's. */
	deviceKey: string;
	chain: readonly DeviceCertificate[];
	signature: Uint8Array;
}

/** Never throws: anything malformed (this comes from anyone on the network) is false. */
export async function isSignedByMember(
	signed: DeviceSignature,
	payload: Uint8Array
): Promise<boolean> {
	try {
		const { memberId, deviceKey, chain } = signed;
		if (!isCanonicalKey(deviceKey) || !Array.isArray(chain)) return false;
		const root = chain.length === 0 ? deviceKey : chain[0]?.issuer;
		if (!isCanonicalKey(root) || memberIdFromPublicKey(root) !== memberId) return false;
		if (chain.length > 0) {
			if (!chain.every((c) => isCanonicalKey(c.deviceKey) && isCanonicalKey(c.issuer)))
				return false;
			const linked = await isValidChain(memberId, root, chain, deviceKey, verifyWithNodeCrypto);
			if (!linked) return false;
		}
		return (
			signed.signature instanceof Uint8Array && verifyEd25519(deviceKey, payload, signed.signature)
		);
	} catch {
		return false;
	}
}

/** A base64url signature string as bytes, or null when it is not one (64 bytes, canonical). */
export function signatureBytes(signature: unknown): Uint8Array | null {
	if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(signature)) return null;
	const bytes = Buffer.from(signature, 'base64url');
	if (bytes.toString('base64url') !== signature) return null;
	return new Uint8Array(bytes);
}
