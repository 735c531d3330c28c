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

export interface InvalidRecord {
	collection: string;
	key: string;
	reason: string;
}
