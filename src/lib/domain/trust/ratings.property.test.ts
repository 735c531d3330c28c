/**
 * Rating rules as a property: a hostile client writes random rating records — any signer, any
 * key prefix, canonical or made-up record ids, odd stars, dates before the service or long after —
 * and the honest doc receives them as raw Yjs updates. Every view must accept exactly what an
 * independent oracle accepts, and reputations must count exactly those. fast-check prints the
 * seed and the shrunk records on failure.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '../board/board-id';
import * as board from '../board/commands';
import { NO_MODERATION } from './moderation';
import { readCowork } from '../cowork/view';
import * as engagements from '../engagement/commands';
import { readEngagements } from '../engagement/read';
import * as help from '../help/commands';
import { generateIdentityKeys, type IdentityKeys } from '../identity/keys';
import {
	RATING_EDIT_MS,
	ratingKey,
	ratingPayload,
	readRatings,
	serviceOf,
	signRating,
	verifyRatingSignature,
	type Rating,
	type RatingFields
} from './ratings';
import { reputationOf } from './reputation';

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 10, 23, 8);
const DONE_AT = NOW + DAY;

let people: IdentityKeys[] = [];
const [ANA, BEN] = [0, 1]; // the two people of the engagement; 2 and 3 took no part

beforeAll(async () => {
	people = await Promise.all([0, 1, 2, 3].map(() => generateIdentityKeys()));
});

/** Ana offered help, Ben asked, both marked it done (first mark at DONE_AT). */
function finished() {
	const doc = new Y.Doc();
	const ana = people[ANA]!.memberId;
	const ben = people[BEN]!.memberId;
	const { boardId, nonce } = newBoardIdentity(ana);
	board.createBoard(
		doc,
		ana,
		nonce,
		{ name: 'B', city: 'C', neighbourhood: '', description: '' },
		NOW
	);
	const post = help.createPost(
		doc,
		ana,
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
	const engagement = engagements.proposeEngagement(doc, ben, post, '', '', NOW);
	engagements.respond(doc, ana, engagement, 'accepted', '', null, NOW + 1);
	engagements.markDone(doc, ana, engagement, DONE_AT);
	engagements.markDone(doc, ben, engagement, DONE_AT + 1);
	return { doc, boardId, engagement };
}

interface Attempt {
	signer: number;
	prefixOwner: number;
	canonicalKey: boolean;
	stars: number;
	createdOffset: number;
	editedAfter: number;
}

const anyAttempt: fc.Arbitrary<Attempt> = fc.record({
	signer: fc.nat(3),
	prefixOwner: fc.nat(3),
	canonicalKey: fc.boolean(),
	stars: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 6, 2.5)),
	// From two days before the service ended to 20 days after.
	createdOffset: fc.integer({ min: -2 * DAY, max: 20 * DAY }),
	editedAfter: fc.integer({ min: 0, max: 20 * DAY })
});

/** An honest participant's rating, so that accepted ratings are common too. */
const honestAttempt: fc.Arbitrary<Attempt> = fc
	.record({
		who: fc.constantFrom(ANA, BEN),
		stars: fc.integer({ min: 1, max: 5 }),
		createdOffset: fc.integer({ min: 0, max: 7 * DAY }),
		editedAfter: fc.integer({ min: 0, max: 7 * DAY })
	})
	.map(({ who, ...rest }) => ({ signer: who, prefixOwner: who, canonicalKey: true, ...rest }));

const attempt = fc.oneof(honestAttempt, anyAttempt);

/** What the rules say, written independently of the code under test. */
function oracleAccepts(a: Attempt): boolean {
	const createdAt = DONE_AT + a.createdOffset;
	const updatedAt = createdAt + a.editedAfter;
	return (
		(a.prefixOwner === ANA || a.prefixOwner === BEN) &&
		a.signer === a.prefixOwner &&
		a.canonicalKey &&
		Number.isInteger(a.stars) &&
		a.stars >= 1 &&
		a.stars <= 5 &&
		createdAt >= DONE_AT &&
		updatedAt <= DONE_AT + RATING_EDIT_MS
	);
}

describe('rating rules, as a property', () => {
	it('views accept exactly the ratings the rules allow, whatever a hostile client writes', async () => {
		let accepted = 0;
		let refused = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(attempt, { minLength: 1, maxLength: 6 }), async (attempts) => {
				const { doc, boardId, engagement } = finished();
				const evil = new Y.Doc();
				Y.applyUpdate(evil, Y.encodeStateAsUpdate(doc));
				const before = Y.encodeStateVector(evil);
				// The last write under a key is what the doc keeps: so is the oracle's answer.
				const expected = new Map<string, boolean>();
				for (const [i, a] of attempts.entries()) {
					const owner = people[a.prefixOwner]!.memberId;
					const key = a.canonicalKey ? ratingKey(owner, engagement) : `${owner}:rOther${i}`;
					const createdAt = DONE_AT + a.createdOffset;
					const fields: RatingFields = {
						subject: engagement,
						kind: 'engagement',
						stars: a.stars,
						comment: '',
						privateNote: null,
						createdAt,
						updatedAt: createdAt + a.editedAfter
					};
					const signature = await signRating(people[a.signer]!.privateKey, boardId, key, fields);
					evil.getMap('ratings').set(key, { schemaVersion: 1, ...fields, signature });
					expected.set(key, oracleAccepts(a));
				}
				Y.applyUpdate(doc, Y.encodeStateAsUpdate(evil, before));

				// The session's part: check each stored rating's signature against its prefix owner.
				const checks = new Map<string, boolean>();
				for (const [key, raw] of doc.getMap('ratings').entries()) {
					const r = raw as RatingFields & { signature: string };
					const owner = people.find((p) => key.startsWith(`${p.memberId}:`))!;
					const rating = { ...r, key, raterId: owner.memberId, rateeId: '' } as Rating;
					checks.set(key, await verifyRatingSignature(boardId, rating, [owner.publicKey]));
					expect(ratingPayload(boardId, key, r).length).toBeGreaterThan(0);
				}
				const now = DONE_AT + 30 * DAY;
				const all = readEngagements(doc);
				const cowork = readCowork(doc, now);
				const valid = readRatings(doc, {
					boardId,
					service: (kind, subject) => serviceOf(kind, subject, all, cowork, now),
					signatureValid: (r) => checks.get(r.key)
				});
				const validKeys = new Set(valid.map((r) => r.key));
				for (const [key, ok] of expected) {
					expect(validKeys.has(key), `${key}: expected ${ok ? 'accepted' : 'ignored'}`).toBe(ok);
					if (ok) accepted++;
					else refused++;
				}
				// Reputations count exactly the accepted ratings about each participant.
				for (const [who, other] of [
					[ANA, BEN],
					[BEN, ANA]
				] as const) {
					const about = [...expected].filter(
						([key, ok]) => ok && key.startsWith(`${people[other]!.memberId}:`)
					).length;
					expect(reputationOf(people[who]!.memberId, valid, NO_MODERATION).count).toBe(about);
				}
			}),
			{ numRuns: 150 }
		);
		// Both outcomes must actually occur, or the property proves little.
		expect(accepted).toBeGreaterThan(10);
		expect(refused).toBeGreaterThan(10);
	}, 120_000);
});
