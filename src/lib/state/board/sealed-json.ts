/**
 * Small private records sealed as JSON in the board doc (DESIGN.md §6): a space's private details
 * (exact address, access instructions) and a post's contact details. They never sit in clear: each
 * is sealed to its owner's encryption key, and to the other member's key when it is shared with
 * them (a confirmed guest, an accepted neighbour). One way to seal and one way to open, whatever
 * the shape: opening checks the shape, so a blob of the wrong kind reads as unavailable.
 */
import * as v from 'valibot';
import { openSet, sealToAll, type SealedSet } from '$lib/domain/identity/sealed';

export interface MyEncryptionKeys {
	encryptionKey: string;
	encryptionPrivateKey: CryptoKey;
}

/** A space's private details, as sealed by its host. */
export const PrivateDetailsJson = v.object({ address: v.string(), access: v.string() });

/** A post's contact details; a field missing or not text reads as empty (older clients). */
export const ContactDetailsJson = v.object({
	phone: v.fallback(v.string(), ''),
	address: v.fallback(v.string(), '')
});

/**
 * Seals `value` as JSON from me to every key of `recipients` (a member's live devices, from
 * `sealKeysOf`; mine from `mySealKeys` for my own copy).
 */
export function sealJson(
	keys: MyEncryptionKeys,
	recipients: readonly string[],
	context: string,
	value: unknown
): Promise<SealedSet> {
	const plain = JSON.stringify(value);
	return sealToAll(keys.encryptionPrivateKey, keys.encryptionKey, recipients, context, plain);
}

/**
 * The record sealed under `context`, in `schema`'s shape (unknown fields dropped). Null when the
 * blob is not for me, tampered with, sealed under another context, or not that shape.
 */
export async function openSealedJson<const TSchema extends v.GenericSchema>(
	keys: MyEncryptionKeys,
	sealed: SealedSet,
	context: string,
	schema: TSchema
): Promise<v.InferOutput<TSchema> | null> {
	const plain = await openSet(keys.encryptionPrivateKey, keys.encryptionKey, sealed, context);
	if (plain === null) return null;
	let json: unknown;
	try {
		json = JSON.parse(plain);
	} catch {
		// Not JSON: sealed by a buggy client. Shown as unavailable, like any unreadable blob.
		return null;
	}
	const parsed = v.safeParse(schema, json);
	return parsed.success ? parsed.output : null;
}
