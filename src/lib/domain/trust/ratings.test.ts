/**
 * Rating rules against a hostile client: every forged rating is written on a separate doc and
 * arrives as a raw Yjs update, as it would from a modified app. Every view must ignore it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from '../board/commands';
import { newBoardIdentity } from '../board/board-id';
import * as moderation from './moderation';
import { readCowork } from '../cowork/view';
import * as engagements from '../engagement/commands';
import { readEngagements } from '../engagement/read';
import * as help from '../help/commands';
import { RuleError } from '../errors';
import { generateIdentityKeys, type IdentityKeys } from '../identity/keys';
import {
	prepareRating,
	RATING_EDIT_MS,
	ratingKey,
	readRatings,
	serviceOf,
	signRating,
	verifyRatingSignature,
	writeRating,
	type Rating,
	type RatingFields
} from './ratings';
import { reputationOf } from './reputation';

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 10, 23, 8);

let ana: IdentityKeys; // offers help, board admin
let ben: IdentityKeys; // asks for it
let chloe: IdentityKeys; // a neighbour who took no part
let mallory: IdentityKeys;

beforeAll(async () => {
	[ana, ben, chloe, mallory] = await Promise.all([
		generateIdentityKeys(),
		generateIdentityKeys(),
		generateIdentityKeys(),
		generateIdentityKeys()
	]);
});

/** A board where Ana helped Ben with IT, both marked it done. */
function finishedEngagement() {
	const doc = new Y.Doc();
	const { boardId, nonce } = newBoardIdentity(ana.memberId);
	board.createBoard(
		doc,
		ana.memberId,
		nonce,
		{ name: 'Rue Ordener', city: 'Paris', neighbourhood: '', description: '' },
		NOW
	);
	const post = help.createPost(
		doc,
		ana.memberId,
		{
			kind: 'offer',
			category: 'computing',
			title: 'Aide informatique',
			description: '',
			availability: '',
			area: ''
		},
		NOW
	);
	const engagement = engagements.proposeEngagement(doc, ben.memberId, post, '', '', NOW);
	engagements.respond(doc, ana.memberId, engagement, 'accepted', '', null, NOW + 1);
	engagements.markDone(doc, ana.memberId, engagement, NOW + DAY);
	engagements.markDone(doc, ben.memberId, engagement, NOW + DAY + 1);
	return { doc, boardId, engagement };
}

function view(doc: Y.Doc, boardId: string, now: number, checks: Map<string, boolean>) {
	const all = readEngagements(doc);
	const cowork = readCowork(doc, now);
	const invalid: { key: string; reason: string }[] = [];
	const ratings = readRatings(
		doc,
		{
			boardId,
			service: (kind, subject) => serviceOf(kind, subject, all, cowork, now),
			signatureValid: (r) => checks.get(`${r.key}:${r.signature}`)
		},
		invalid as never
	);
	return { ratings, invalid };
}

const publicKeys = () =>
	new Map([ana, ben, chloe, mallory].map((k) => [k.memberId, k.publicKey] as const));

/** What the session does: check each rating's signature against its author's key. */
async function checkSignatures(doc: Y.Doc, boardId: string): Promise<Map<string, boolean>> {
	const checks = new Map<string, boolean>();
	const raw: Rating[] = [];
	doc.getMap('ratings').forEach((value, key) => {
		const r = value as RatingFields & { signature: string };
		raw.push({ ...r, key, raterId: key.slice(0, 22), rateeId: '', signer: null });
	});
	for (const r of raw) {
		const publicKey = publicKeys().get(r.raterId) ?? '';
		checks.set(`${r.key}:${r.signature}`, await verifyRatingSignature(boardId, r, [publicKey]));
	}
	return checks;
}

/** A hostile client writes straight into its own copy; the update reaches the honest doc raw. */
function hostile(doc: Y.Doc, write: (evil: Y.Doc) => void): void {
	const evil = new Y.Doc();
	Y.applyUpdate(evil, Y.encodeStateAsUpdate(doc));
	const before = Y.encodeStateVector(evil);
	write(evil);
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(evil, before));
}

async function signed(
	keys: IdentityKeys,
	boardId: string,
	key: string,
	fields: RatingFields
): Promise<Record<string, unknown>> {
	return {
		schemaVersion: 1,
		...fields,
		signature: await signRating(keys.privateKey, boardId, key, fields)
	};
}

describe('ratings', () => {
	it('a participant rates the other once; the rating counts in their reputation', async () => {
		const { doc, boardId, engagement } = finishedEngagement();
		const service = serviceOf(
			'engagement',
			engagement,
			readEngagements(doc),
			readCowork(doc, NOW),
			NOW
		);
		const { key, fields } = prepareRating(
			doc,
			ben.memberId,
			'engagement',
			engagement,
			service,
			{ stars: 5, comment: 'Très patiente, merci !' },
			null,
			NOW + 2 * DAY
		);
		writeRating(doc, key, fields, await signRating(ben.privateKey, boardId, key, fields));
		const { ratings } = view(doc, boardId, NOW + 2 * DAY, await checkSignatures(doc, boardId));
		expect(ratings).toHaveLength(1);
		expect(ratings[0]).toMatchObject({ raterId: ben.memberId, rateeId: ana.memberId, stars: 5 });
		const reputation = reputationOf(ana.memberId, ratings, moderation.readModeration(doc, boardId));
		expect(reputation).toMatchObject({ count: 1, average: 5, distribution: [0, 0, 0, 0, 1] });
	});

	it('ignores, in every view, forged ratings fed as raw updates', async () => {
		const { doc, boardId, engagement } = finishedEngagement();
		const at = NOW + 2 * DAY;
		const base: RatingFields = {
			subject: engagement,
			kind: 'engagement',
			stars: 1,
			comment: 'faux',
			privateNote: null,
			createdAt: at,
			updatedAt: at
		};
		const outsider = ratingKey(chloe.memberId, engagement);
		const second = `${ben.memberId}:rSecondRating`;
		const inBensName = ratingKey(ben.memberId, engagement);
		const first = ratingKey(ana.memberId, engagement);
		const outsiderRecord = await signed(chloe, boardId, outsider, base);
		const secondRecord = await signed(ben, boardId, second, base);
		// Mallory writes under Ben's key prefix: she can only sign with her own key.
		const forgedRecord = await signed(mallory, boardId, inBensName, base);
		// Ana's rating of Ben, edited 15 days after it was written (signed by Ana herself).
		const late = { ...base, updatedAt: at + RATING_EDIT_MS + DAY };
		const lateRecord = await signed(ana, boardId, first, late);
		hostile(doc, (evil) => {
			const ratings = evil.getMap('ratings');
			ratings.set(outsider, outsiderRecord);
			ratings.set(second, secondRecord);
			ratings.set(inBensName, forgedRecord);
			ratings.set(first, lateRecord);
		});
		const { ratings, invalid } = view(doc, boardId, at, await checkSignatures(doc, boardId));
		expect(ratings).toEqual([]);
		const reasons = Object.fromEntries(invalid.map((i) => [i.key, i.reason]));
		expect(reasons).toEqual({
			[outsider]: 'rater did not take part',
			[second]: 'not the rater’s key for this service',
			[inBensName]: 'bad signature',
			[first]: 'edited after 14 days'
		});
		expect(reputationOf(ana.memberId, ratings, moderation.readModeration(doc, boardId)).count).toBe(
			0
		);
	});

	it('refuses to rate a service one did not take part in, an unfinished one, or after 14 days', async () => {
		const { doc, boardId, engagement } = finishedEngagement();
		const at = NOW + 2 * DAY;
		const service = serviceOf(
			'engagement',
			engagement,
			readEngagements(doc),
			readCowork(doc, at),
			at
		);
		const rate = (who: string, now: number) =>
			prepareRating(
				doc,
				who,
				'engagement',
				engagement,
				service,
				{ stars: 4, comment: '' },
				null,
				now
			);
		expect(() => rate(chloe.memberId, at)).toThrow(RuleError);
		const { key, fields } = rate(ben.memberId, at);
		writeRating(doc, key, fields, await signRating(ben.privateKey, boardId, key, fields));
		// Editing keeps the first date, so the 14 days run from the first rating.
		expect(rate(ben.memberId, at + DAY).fields.createdAt).toBe(at);
		expect(() => rate(ben.memberId, at + RATING_EDIT_MS + 1)).toThrow(RuleError);
		const unfinished = {
			participants: [ana.memberId, ben.memberId] as [string, string],
			finishedAt: null
		};
		expect(() =>
			prepareRating(
				doc,
				ben.memberId,
				'engagement',
				engagement,
				unfinished,
				{ stars: 4, comment: '' },
				null,
				at
			)
		).toThrow(RuleError);
	});

	it('a disputed engagement cannot be rated, and ratings written before the dispute stop counting', async () => {
		const doc = new Y.Doc();
		const { boardId, nonce } = newBoardIdentity(ana.memberId);
		board.createBoard(
			doc,
			ana.memberId,
			nonce,
			{ name: 'B', city: 'C', neighbourhood: '', description: '' },
			NOW
		);
		const post = help.createPost(
			doc,
			ana.memberId,
			{
				kind: 'offer',
				category: 'computing',
				title: 'Aide',
				description: '',
				availability: '',
				area: ''
			},
			NOW
		);
		const engagement = engagements.proposeEngagement(doc, ben.memberId, post, '', '', NOW);
		engagements.respond(doc, ana.memberId, engagement, 'accepted', '', null, NOW);
		engagements.markDone(doc, ana.memberId, engagement, NOW + DAY);
		const at = NOW + 2 * DAY;
		const service = () =>
			serviceOf('engagement', engagement, readEngagements(doc), readCowork(doc, at), at);
		const { key, fields } = prepareRating(
			doc,
			ana.memberId,
			'engagement',
			engagement,
			service(),
			{ stars: 2, comment: '' },
			null,
			at
		);
		writeRating(doc, key, fields, await signRating(ana.privateKey, boardId, key, fields));
		expect(view(doc, boardId, at, await checkSignatures(doc, boardId)).ratings).toHaveLength(1);
		engagements.disputeDone(doc, ben.memberId, engagement, 'Personne n’est venu', at);
		expect(readEngagements(doc).get(engagement)?.status).toBe('disputed');
		expect(view(doc, boardId, at, await checkSignatures(doc, boardId)).ratings).toHaveLength(0);
		expect(service()?.finishedAt).toBeNull();
	});
});

describe('ratings signed on a linked device', () => {
	it('count only when the signing device is one of the rater’s listed keys', async () => {
		const boardId = newBoardIdentity(ana.memberId).boardId;
		const tablet = await generateIdentityKeys();
		const fields: RatingFields = {
			subject: `${ana.memberId}:e1`,
			kind: 'engagement',
			stars: 5,
			comment: 'Merci',
			privateNote: null,
			createdAt: NOW,
			updatedAt: NOW
		};
		const key = ratingKey(ben.memberId, fields.subject);
		const signature = await signRating(tablet.privateKey, boardId, key, fields);
		const rating: Rating = {
			...fields,
			key,
			raterId: ben.memberId,
			rateeId: ana.memberId,
			signature,
			signer: tablet.publicKey
		};
		expect(await verifyRatingSignature(boardId, rating, [ben.publicKey, tablet.publicKey])).toBe(
			true
		);
		// A device the rater never linked, or the signature claimed for the first key: refused.
		expect(await verifyRatingSignature(boardId, rating, [ben.publicKey])).toBe(false);
		expect(
			await verifyRatingSignature(boardId, { ...rating, signer: null }, [
				ben.publicKey,
				tablet.publicKey
			])
		).toBe(false);
	});
});
