/** Engagement life: propose, answer, cancel, done, dispute, comments, blocks. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NotAuthorError, RuleError } from '../errors';
import * as help from '../help/commands';
import { memberId } from '../test-helpers';
import { readBlocks, setBlocked } from '../trust/blocks';
import * as engagements from './commands';
import { DISPUTE_WINDOW_MS, readComments, readEngagements, responseKey } from './read';

const [ana, ben, chloe] = ['ana', 'ben', 'chloe'].map(memberId) as [string, string, string];

function offer() {
	const doc = new Y.Doc();
	const post = help.createPost(
		doc,
		ana,
		{
			kind: 'offer',
			category: 'computing',
			title: 'Aide informatique',
			description: '',
			availability: '',
			area: ''
		},
		1
	);
	return { doc, post };
}

const statusOf = (doc: Y.Doc, key: string) => readEngagements(doc).get(key)?.status;

describe('engagements', () => {
	it('goes proposed → accepted → done when both say so', () => {
		const { doc, post } = offer();
		const e = engagements.proposeEngagement(doc, ben, post, 'Mon imprimante', 'samedi', 2);
		expect(statusOf(doc, e)).toBe('proposed');
		expect(() => engagements.respond(doc, ben, e, 'accepted', '', null, 3)).toThrow(NotAuthorError);
		engagements.respond(doc, ana, e, 'accepted', '', null, 3);
		expect(statusOf(doc, e)).toBe('accepted');
		engagements.markDone(doc, ben, e, 4);
		expect(readEngagements(doc).get(e)).toMatchObject({ status: 'done', doneAt: 4 });
		engagements.markDone(doc, ana, e, 5);
		expect(readEngagements(doc).get(e)).toMatchObject({ status: 'done', doneAt: 4 });
	});

	it('refuses an engagement on one’s own post or twice on the same post', () => {
		const { doc, post } = offer();
		expect(() => engagements.proposeEngagement(doc, ana, post, '', '', 2)).toThrow(RuleError);
		engagements.proposeEngagement(doc, ben, post, '', '', 2);
		expect(() => engagements.proposeEngagement(doc, ben, post, '', '', 3)).toThrow(RuleError);
	});

	it('a cancel written after the help was marked done is ignored', () => {
		const { doc, post } = offer();
		const e = engagements.proposeEngagement(doc, ben, post, '', '', 2);
		engagements.respond(doc, ana, e, 'accepted', '', null, 3);
		engagements.markDone(doc, ana, e, 10);
		// Ben's client writes a cancellation after the fact, by hand.
		const raw = doc.getMap('engagements').get(e) as Record<string, unknown>;
		doc.getMap('engagements').set(e, { ...raw, cancelled: { reason: 'oups', at: 11 } });
		expect(statusOf(doc, e)).toBe('done');
		// …but a cancel before the done mark stands.
		doc.getMap('engagements').set(e, { ...raw, cancelled: { reason: 'malade', at: 9 } });
		expect(readEngagements(doc).get(e)).toMatchObject({
			status: 'cancelled',
			by: ben,
			reason: 'malade'
		});
	});

	it('the side that did not mark it done may dispute it', () => {
		const { doc, post } = offer();
		const e = engagements.proposeEngagement(doc, ben, post, '', '', 2);
		engagements.respond(doc, ana, e, 'accepted', '', null, 3);
		engagements.markDone(doc, ana, e, 4);
		expect(() => engagements.disputeDone(doc, ana, e, 'non', 5)).toThrow(RuleError);
		engagements.disputeDone(doc, ben, e, 'Personne n’est venu', 5);
		expect(readEngagements(doc).get(e)).toMatchObject({ status: 'disputed', by: ben });
	});

	it('only the post author answers, under the one answer key', () => {
		const { doc, post } = offer();
		const e = engagements.proposeEngagement(doc, ben, post, '', '', 2);
		// Chloe answers in Ana's place under her own key; Ana answers under a second key.
		const answer = { schemaVersion: 1, engagement: e, decision: 'accepted', at: 3 };
		doc.getMap('responses').set(responseKey(chloe, e), answer);
		doc.getMap('responses').set(`${ana}:another`, answer);
		expect(statusOf(doc, e)).toBe('proposed');
	});

	it('keeps the comment thread to the two people', () => {
		const { doc, post } = offer();
		const e = engagements.proposeEngagement(doc, ben, post, '', '', 2);
		engagements.addComment(doc, ben, e, 'Bonjour !', 3);
		engagements.addComment(doc, ana, e, 'Samedi 10 h ?', 4);
		expect(() => engagements.addComment(doc, chloe, e, 'moi aussi', 5)).toThrow(NotAuthorError);
		doc
			.getMap('comments')
			.set(`${chloe}:x`, { schemaVersion: 1, engagement: e, text: 'intrus', at: 6 });
		const thread = readComments(doc, readEngagements(doc)).get(e) ?? [];
		expect(thread.map((c) => c.text)).toEqual(['Bonjour !', 'Samedi 10 h ?']);
	});

	it('drops proposals from someone the post author blocks, on every replica', () => {
		const { doc, post } = offer();
		const e = engagements.proposeEngagement(doc, ben, post, '', '', 2);
		setBlocked(doc, ana, ben, true, 3);
		const blocks = readBlocks(doc);
		const blockedBy = (id: string) => blocks.get(id) ?? new Set<string>();
		expect(readEngagements(doc, [], blockedBy).has(e)).toBe(false);
		setBlocked(doc, ana, ben, false, 4);
		expect(readEngagements(doc, [], (id) => readBlocks(doc).get(id) ?? new Set()).has(e)).toBe(
			true
		);
	});

	it('a finished exchange survives a block, an answer rewritten to declined, and a late dispute', () => {
		const { doc, post } = offer();
		const e = engagements.proposeEngagement(doc, ben, post, '', '', 2);
		engagements.respond(doc, ana, e, 'accepted', '', null, 3);
		engagements.markDone(doc, ben, e, 10);
		setBlocked(doc, ana, ben, true, 11);
		const blockedBy = (id: string) => readBlocks(doc).get(id) ?? new Set<string>();
		expect(readEngagements(doc, [], blockedBy).get(e)?.status).toBe('done');
		// Ana's client rewrites her answer after the fact, by hand.
		const key = responseKey(ana, e);
		const answer = doc.getMap('responses').get(key) as Record<string, unknown>;
		doc.getMap('responses').set(key, { ...answer, decision: 'declined' });
		expect(statusOf(doc, e)).toBe('done');
		// A dispute more than 14 days after the done mark does not count.
		doc.getMap('responses').set(key, {
			...answer,
			disputed: { reason: 'non', at: 10 + DISPUTE_WINDOW_MS + 1 }
		});
		expect(statusOf(doc, e)).toBe('done');
		expect(() => engagements.disputeDone(doc, ana, e, 'non', 10 + DISPUTE_WINDOW_MS + 1)).toThrow(
			RuleError
		);
	});

	it('refuses a proposal to someone who blocks me', () => {
		const { doc, post } = offer();
		setBlocked(doc, ana, ben, true, 2);
		expect(() => engagements.proposeEngagement(doc, ben, post, '', '', 3)).toThrow(RuleError);
	});
});
