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
}

export interface InvalidRecord {
	collection: string;
	key: string;
	reason: string;
}
