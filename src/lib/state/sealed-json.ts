/**
 * Sealing a space's private details (exact address, access instructions). They never sit in clear
 * in the board doc (DESIGN.md §6): the host seals them to their own encryption key on the space,
 * and to each confirmed guest's key in the host's decision.
 */
import * as v from 'valibot';
import { open, seal, type Sealed } from '$lib/domain/identity/sealed';
import type { PrivateDetails } from '$lib/domain/cowork/types';

export interface MyEncryptionKeys {
	encryptionKey: string;
	encryptionPrivateKey: CryptoKey;
}

/**
 * Context of the copy a host seals to themselves on a space. The space key is only drawn inside
 * the domain's createSpace, after sealing, so the context names the host instead: the blob is
 * sealed from the host to the host, nobody else can open it, and the only "substitution" possible
 * (one of my spaces' blob copied onto another of my spaces) is a host confusing themselves.
 * A guest's copy is bound to the booking key, which does exist before sealing.
 */
export const spaceContext = (hostId: string) => `quartier/space-private/${hostId}`;

const DetailsShape = v.object({ address: v.string(), access: v.string() });

export function sealDetails(
	keys: MyEncryptionKeys,
	recipient: string,
	context: string,
	details: PrivateDetails
): Promise<Sealed> {
	const plain = JSON.stringify({ address: details.address, access: details.access });
	return seal(keys.encryptionPrivateKey, keys.encryptionKey, recipient, context, plain);
}

/** Null when the blob is not for me, tampered with, or not the shape of private details. */
export async function openDetails(
	keys: MyEncryptionKeys,
	sealed: Sealed,
	context: string
): Promise<PrivateDetails | null> {
	const plain = await open(keys.encryptionPrivateKey, keys.encryptionKey, sealed, context);
	if (plain === null) return null;
	try {
		const parsed = v.safeParse(DetailsShape, JSON.parse(plain));
		return parsed.success ? { address: parsed.output.address, access: parsed.output.access } : null;
	} catch {
		// Not JSON: sealed by a buggy client. Shown as "address unavailable", like any unreadable blob.
		return null;
	}
}
