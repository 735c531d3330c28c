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
}

export interface InvalidRecord {
	collection: string;
	key: string;
	reason: string;
}
