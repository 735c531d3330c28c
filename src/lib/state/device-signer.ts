/** This device as the signer of the relay's HTTP calls, like its connection proof (session.svelte.ts). */
import { signBytes } from '$lib/domain/identity/keys';
import { ownDeviceKey, proofChain } from '$lib/domain/identity/my-devices';
import type { StoredIdentity } from '$lib/persistence/db';
import type { DeviceSigner } from '$lib/sync/signed-calls';

export function deviceSigner(identity: StoredIdentity): DeviceSigner {
	return {
		memberId: identity.memberId,
		deviceKey: ownDeviceKey(identity),
		// This device's own ECDH key: a linked device opens what is sealed to it with its own key.
		encryptionKey: identity.encryptionKey,
		chain: proofChain(identity),
		sign: (bytes) => signBytes(identity.privateKey, bytes)
	};
}
