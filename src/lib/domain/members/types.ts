/**
 * Member profiles: what a member says about themselves in each board (name, bio, which keys and
 * devices speak for them) and how that record is validated, read and published.
 *
 * This folder has no index; each file answers one question:
 * - types.ts: the profile as views see it, and the fields its signature covers;
 * - validate.ts: MEMBER_LIMITS and the stored record's shape (the relay checks it too);
 * - read.ts: the members of a board doc, well-formed and with an id derived from their key;
 * - publish.ts: writing my own profile record;
 * - profile-input.ts: what a person types about themselves (onboarding, profile page).
 *
 * What is about keys and devices rather than the profile stays in identity/: the member id derived
 * from a key (member-id.ts), signing and verifying a profile (keys.ts), device records and chains
 * (device-record.ts, device-chain.ts, my-devices.ts), link codes and sealing.
 */
import type { DeviceCertificate } from '../identity/device-chain';

export interface MemberProfile {
	id: string;
	name: string;
	bio: string;
	publicKey: string;
	joinedAt: number;
	/** Where private details for this member are sealed to; null on profiles from older clients. */
	encryptionKey: string | null;
	signature: string;
	/** The device key that signed this record: `publicKey`, or a linked device's key. */
	signer: string;
	/** Linked devices, as certificates; not yet checked (identity/device-chain.ts checks them). */
	devices: DeviceCertificate[];
	/** Set when the member took back their first device (whose key is `publicKey`). */
	rootRemovedAt: number | null;
	/** When name or bio last changed, for members with several devices (the latest copy wins). */
	updatedAt: number | null;
	/** My profile photo (issue 19): the sha256 of its bytes in this board's blob store, or null. */
	photo: string | null;
}

/** The fields of a member's profile that its signature covers (identity/keys.ts). */
export interface ProfileFields {
	name: string;
	bio: string;
	publicKey: string;
	joinedAt: number;
	/** ECDH public key others seal private details to (sealed.ts); absent on older profiles. */
	encryptionKey?: string | null;
	/** The device key that signed; absent or `publicKey` for the member's first device. */
	signer?: string;
	/** My linked devices (device-chain.ts); absent or empty for a single-device member. */
	devices?: readonly DeviceCertificate[];
	rootRemovedAt?: number | null;
	/** When name, bio or photo last changed (signed in v3 and v4 only). */
	updatedAt?: number | null;
	/** The profile photo's sha256 hex; absent or null without one (signed in v4 only). */
	photo?: string | null;
}
