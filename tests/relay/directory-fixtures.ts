/**
 * Boards for the directory tests, written the way the app writes them (domain commands, then the
 * fields the forms do not write yet — `listed`, `price`, `seatPriceCents` — set by the author on
 * their own records), through the real relay, and readers of the directory's HTTP answers that
 * keep every byte they received.
 */
import * as Y from 'yjs';
import { newBoardIdentity } from '../../src/lib/domain/board/board-id';
import { createBoard } from '../../src/lib/domain/board/commands';
import { newBoardSecret } from '../../src/lib/domain/board/invite';
import { collection, ROOT, SCHEMA_VERSION } from '../../src/lib/domain/board/schema';
import { createSlots, createSpace } from '../../src/lib/domain/cowork/space-commands';
import type { SpaceInput } from '../../src/lib/domain/cowork/types';
import { setVisibility, type Visibility } from '../../src/lib/domain/directory/visibility';
import { createPost } from '../../src/lib/domain/help/commands';
import type { Category, PostKind } from '../../src/lib/domain/help/types';
import { generateEncryptionKeys, seal } from '../../src/lib/domain/identity/sealed';
import type { PriceTerms } from '../../src/lib/domain/pricing/terms';
import { deriveRoomToken } from '../../src/lib/sync/room-token';
import { connectClient, testMember, waitFor, type SyncClient, type TestMember } from './clients';
import type { RelayProcess } from './relay-process';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface TestBoard {
	boardId: string;
	secret: string;
	token: string;
	admin: SyncClient;
	/** Connects another member (who publishes a profile). */
	join(member?: TestMember): Promise<SyncClient>;
	setVisibility(visibility: Visibility, placeId?: number | null, questions?: string[]): void;
}

/** A profile as the app publishes it (the relay does not check its signature). */
function publishProfile(client: SyncClient, name: string): void {
	client.write(
		'profile',
		{
			schemaVersion: SCHEMA_VERSION,
			name,
			bio: `bio of ${name}`,
			publicKey: client.member.publicKey,
			joinedAt: Date.now(),
			signature: 'unchecked'
		},
		ROOT.members
	);
}

export async function synced(client: SyncClient): Promise<void> {
	await waitFor(() => client.provider.synced, 'synced');
}

export async function acked(clients: SyncClient[]): Promise<void> {
	await waitFor(() => clients.every((c) => c.isAcked()), 'acks');
}

export async function newTestBoard(
	relay: RelayProcess,
	board: { name: string; city: string; neighbourhood?: string; description?: string }
): Promise<TestBoard> {
	const creator = testMember();
	const { boardId, nonce } = newBoardIdentity(creator.memberId);
	const secret = newBoardSecret();
	const token = deriveRoomToken(boardId, secret);
	const admin = connectClient(relay, boardId, token, { member: creator });
	await synced(admin);
	createBoard(
		admin.doc,
		creator.memberId,
		nonce,
		{ neighbourhood: '', description: '', ...board },
		Date.now()
	);
	publishProfile(admin, 'Admin');
	await acked([admin]);
	return {
		boardId,
		secret,
		token,
		admin,
		async join(member) {
			const client = connectClient(relay, boardId, token, { member });
			await synced(client);
			publishProfile(client, `Member ${client.member.memberId.slice(0, 4)}`);
			return client;
		},
		setVisibility(visibility, placeId = null, questions = []) {
			setVisibility(
				admin.doc,
				boardId,
				creator.memberId,
				{ visibility, placeId, questions },
				secret,
				Date.now()
			);
		}
	};
}

/** A post by `client`, with the directory fields set on it; returns its key. */
export function writePost(
	client: SyncClient,
	post: {
		kind: PostKind;
		title: string;
		category: Category;
		listed: boolean;
		price: PriceTerms | null;
	}
): string {
	const { listed, price, ...input } = post;
	const key = createPost(
		client.doc,
		client.member.memberId,
		{ ...input, description: `${post.title} (description)`, availability: '', area: '' },
		Date.now()
	);
	const posts = collection(client.doc, ROOT.posts);
	posts.set(key, { ...(posts.get(key) as object), listed, price });
	return key;
}

/** Seals `text` to a fresh key of the author's own, as the app seals an address or a phone. */
export async function sealedText(text: string, context: string) {
	const keys = await generateEncryptionKeys();
	return seal(keys.privateKey, keys.publicKey, keys.publicKey, context, text);
}

const SPACE: SpaceInput = {
	title: 'Salon sur cour',
	description: 'Deux places au calme.',
	city: 'Luxembourg',
	neighbourhood: 'Bonnevoie',
	seats: 4,
	amenities: ['wifi', 'kitchen'],
	workMode: 'silent',
	houseRules: 'Chaussons fournis.',
	autoAccept: false
};

/**
 * A listed space with its address sealed, its terms, and slots (start offsets from now, with an
 * optional seat price); a slot in the past is written as if created before it.
 */
export async function writeSpace(
	client: SyncClient,
	address: string,
	price: PriceTerms | null,
	slots: { startIn: number; hours: number; seats: number; seatPriceCents: number | null }[]
): Promise<{ spaceKey: string; sealed: unknown }> {
	const hostId = client.member.memberId;
	const sealed = await sealedText(address, 'space-address');
	const now = Date.now();
	const spaceKey = createSpace(client.doc, hostId, SPACE, sealed, now - 30 * DAY);
	const spaces = collection(client.doc, ROOT.spaces);
	spaces.set(spaceKey, { ...(spaces.get(spaceKey) as object), listed: true, price });
	const records = collection(client.doc, ROOT.slots);
	for (const slot of slots) {
		const start = now + slot.startIn;
		const createdAt = Math.min(now, start - HOUR);
		const [key] = createSlots(
			client.doc,
			hostId,
			spaceKey,
			{ start, end: start + slot.hours * HOUR, seats: slot.seats, deadline: null, repeatWeeks: 0 },
			createdAt
		);
		if (key === undefined) throw new Error('no slot');
		records.set(key, { ...(records.get(key) as object), seatPriceCents: slot.seatPriceCents });
	}
	return { spaceKey, sealed };
}

/** Every answer of a test, kept as bytes to search for what must never leave the relay. */
export class Answers {
	private readonly bodies: Buffer[] = [];

	constructor(private readonly relay: RelayProcess) {}

	async get(path: string): Promise<{ status: number; body: unknown; headers: Headers }> {
		const res = await fetch(this.relay.url + path);
		const bytes = Buffer.from(await res.arrayBuffer());
		this.bodies.push(bytes);
		return { status: res.status, body: JSON.parse(bytes.toString('utf8')), headers: res.headers };
	}

	/** `GET /api/directory?…` answered 200. */
	async directory(query: Record<string, string | number> = {}): Promise<DirectoryAnswer> {
		const params = new URLSearchParams(
			Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])
		).toString();
		const { status, body } = await this.get(`/api/directory${params ? `?${params}` : ''}`);
		if (status !== 200) throw new Error(`directory ${params}: ${status} ${JSON.stringify(body)}`);
		return body as DirectoryAnswer;
	}

	/** The strings of `forbidden` found in any answer so far (none, if all is well). */
	leaks(forbidden: string[]): string[] {
		const all = Buffer.concat(this.bodies);
		return forbidden.filter((s) => all.includes(Buffer.from(s, 'utf8')));
	}

	get count(): number {
		return this.bodies.length;
	}
}

export interface DirectoryAnswer {
	total: number;
	boards: {
		boardId: string;
		name: string;
		visibility: string;
		place: { id: number; name: string } | null;
		posts: { kind: string; title: string; category: string; price: PriceTerms | null }[];
		spaces: {
			price: PriceTerms | null;
			slots: { start: number; end: number; freeSeats: number; seatPriceCents: number | null }[];
		}[];
		updatedAt: number;
	}[];
}

export /** Waits until `check` holds for the directory's answer to `query`. */
async function until(
	answers: Answers,
	query: Record<string, string | number>,
	check: (a: DirectoryAnswer) => boolean,
	what: string
): Promise<DirectoryAnswer> {
	let last: DirectoryAnswer = { total: 0, boards: [] };
	let ok = false;
	const deadline = Date.now() + 10_000;
	while (!ok && Date.now() < deadline) {
		last = await answers.directory(query);
		ok = check(last);
		if (!ok) await new Promise((r) => setTimeout(r, 100));
	}
	if (!ok) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
	return last;
}

export const idsOf = (answer: DirectoryAnswer) => answer.boards.map((b) => b.boardId);

/** A doc's JSON, to search it for a board's own strings. */
export const docText = (doc: Y.Doc) => JSON.stringify(doc.toJSON());
