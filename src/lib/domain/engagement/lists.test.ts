import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as help from '../help/commands';
import { memberId } from '../test-helpers';
import * as engagements from './commands';
import { myStep, otherOf, sideOf, sortForMember } from './lists';
import { readEngagements } from './read';

const [ana, ben, chloe] = ['ana', 'ben', 'chloe'].map(memberId) as [string, string, string];

function board() {
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
	const get = (key: string) => readEngagements(doc).get(key)!;
	return { doc, post, get };
}

describe('engagements seen by one member', () => {
	it('knows each side and the other person', () => {
		const { doc, post, get } = board();
		const e = get(engagements.proposeEngagement(doc, ben, post, '', '', 2));
		expect(sideOf(e, ben)).toBe('initiator');
		expect(sideOf(e, ana)).toBe('author');
		expect(sideOf(e, chloe)).toBeNull();
		expect(otherOf(e, ben)).toBe(ana);
		expect(otherOf(e, ana)).toBe(ben);
	});

	it('asks the author to answer, then the other side to confirm, then both to rate', () => {
		const { doc, post, get } = board();
		const key = engagements.proposeEngagement(doc, ben, post, '', '', 2);
		expect(myStep(get(key), ana)).toBe('respond');
		expect(myStep(get(key), ben)).toBeNull();
		expect(myStep(get(key), chloe)).toBeNull();
		engagements.respond(doc, ana, key, 'accepted', '', null, 3);
		expect([myStep(get(key), ana), myStep(get(key), ben)]).toEqual([null, null]);
		engagements.markDone(doc, ben, key, 4);
		expect(myStep(get(key), ana)).toBe('confirm');
		expect(myStep(get(key), ben)).toBe('rate');
		expect(myStep(get(key), ben, () => true)).toBeNull();
		engagements.disputeDone(doc, ana, key, 'Personne n’est venu', 5);
		expect([myStep(get(key), ana), myStep(get(key), ben)]).toEqual([null, null]);
	});

	it('lists what waits for me first and closed ones last', () => {
		const { doc, post, get } = board();
		const second = help.createPost(
			doc,
			ana,
			{
				kind: 'request',
				category: 'diy',
				title: 'Une étagère',
				description: '',
				availability: '',
				area: ''
			},
			1
		);
		const cancelled = engagements.proposeEngagement(doc, ben, post, '', '', 2);
		engagements.cancelEngagement(doc, ben, cancelled, 'Plus besoin', 3);
		const accepted = engagements.proposeEngagement(doc, ben, post, '', '', 4);
		engagements.respond(doc, ana, accepted, 'accepted', '', null, 5);
		const waiting = engagements.proposeEngagement(doc, chloe, second, '', '', 6);
		const mine = [cancelled, accepted, waiting].map(get);
		expect(sortForMember(mine, ana).map((e) => e.key)).toEqual([waiting, accepted, cancelled]);
	});
});
