import type { DeviceCertificate } from '../identity/device-chain';

export interface BoardInput {
	name: string;
	city: string;
	neighbourhood: string;
	description: string;
}

export interface BoardInfo extends BoardInput {
	id: string;
	creatorId: string;
	createdAt: number;
}

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
}

export interface InvalidRecord {
	collection: string;
	key: string;
	reason: string;
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
	/** When name or bio last changed (signed in v3 only). */
	updatedAt?: number | null;
}
