/**
 * Bench members: each load-generator connection speaks as one member, with an Ed25519 key pair
 * (as on a phone), the member id the app derives from it, and one Yjs client id of its own.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { memberIdFromPublicKey } from '../../../src/lib/domain/identity/member-id';

export interface Member {
	memberId: string;
	/** Raw Ed25519 public key, base64url (the app's format). */
	publicKey: string;
	privateKey: KeyObject;
	/** The Yjs client id this member writes with; unique across the run. */
	clientId: number;
}

/** Client ids count up from a random base, so they are unique and cheap to index. */
let nextClientId = 1 + Math.floor(Math.random() * 2 ** 30);

export function newMember(): Member {
	const { publicKey, privateKey } = generateKeyPairSync('ed25519');
	// The last 32 bytes of the SPKI DER are the raw key.
	const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
	const encoded = raw.toString('base64url');
	return {
		memberId: memberIdFromPublicKey(encoded),
		publicKey: encoded,
		privateKey,
		clientId: nextClientId++
	};
}
