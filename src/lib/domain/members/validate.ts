/** The shape of a member's profile record as stored in the doc. Loose: newer fields survive. */
import * as v from 'valibot';
import { encryptionKey, requiredText, signingKey, text, time } from '../fields';
import { DeviceRecord, MAX_LISTED_DEVICES } from '../identity/device-record';
import { PHOTO_HASH_RE } from '../photos/name';

export const MEMBER_LIMITS = { name: 60, bio: 280 } as const;

export const MemberRecord = v.looseObject({
	schemaVersion: v.number(),
	name: requiredText(MEMBER_LIMITS.name),
	bio: text(MEMBER_LIMITS.bio),
	publicKey: signingKey,
	joinedAt: time,
	encryptionKey: v.optional(encryptionKey),
	signature: v.string(),
	/** The device key that signed this record; absent means the member's first key (`publicKey`). */
	signer: v.optional(signingKey),
	devices: v.optional(v.pipe(v.array(DeviceRecord), v.maxLength(MAX_LISTED_DEVICES)), []),
	/** When name or bio last changed, on a member with several devices: the latest copy wins. */
	updatedAt: v.nullish(time, null),
	/** When the member took back their first device (a lost phone): its key can no longer connect. */
	rootRemovedAt: v.nullish(time, null),
	/**
	 * The profile photo (issue 19): the sha256 hex of its bytes in the board's blob store, like a
	 * space's photos. Absent on records without one; a malformed hash refuses the record.
	 */
	photo: v.optional(v.pipe(v.string(), v.regex(PHOTO_HASH_RE)))
});
