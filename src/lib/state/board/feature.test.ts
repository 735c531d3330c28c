import { describe, expect, it } from 'vitest';
import type { RootName } from '$lib/domain/board/schema';
import { checkOrder, refreshFeatures, type BoardFeature } from './feature';

function feature(
	name: string,
	inputs: RootName[],
	uses: BoardFeature[] = [],
	timed = false
): BoardFeature & { runs: number } {
	const f = {
		name,
		inputs,
		uses,
		timed,
		runs: 0,
		refresh() {
			f.runs++;
			return [];
		}
	};
	return f;
}

const none = { dirty: new Set<RootName>(), requested: new Set<BoardFeature>(), tick: false };

describe('board features', () => {
	it('refresh what reads a changed root, and whatever uses what was refreshed', () => {
		const moderation = feature('moderation', ['moderation', 'blocks']);
		const posts = feature('posts', ['posts'], [moderation]);
		const cowork = feature('cowork', ['slots'], [moderation], true);
		const trust = feature('trust', ['ratings'], [cowork]);
		const all = [moderation, posts, cowork, trust];
		const done = refreshFeatures(all, { ...none, dirty: new Set(['blocks'] as RootName[]) });
		expect([...done.keys()]).toEqual(['moderation', 'posts', 'cowork', 'trust']);
		refreshFeatures(all, { ...none, dirty: new Set(['posts'] as RootName[]) });
		expect([posts.runs, cowork.runs, trust.runs]).toEqual([2, 1, 1]);
	});

	it('refresh timed features on the tick, and a requested feature alone', () => {
		const members = feature('members', ['members']);
		const cowork = feature('cowork', ['slots'], [members], true);
		const trust = feature('trust', ['ratings'], [members, cowork], true);
		const other = feature('posts', ['posts']);
		const all = [members, cowork, trust, other];
		expect([...refreshFeatures(all, { ...none, tick: true }).keys()]).toEqual(['cowork', 'trust']);
		const requested = new Set<BoardFeature>([trust]);
		expect([...refreshFeatures(all, { ...none, requested }).keys()]).toEqual(['trust']);
		expect(refreshFeatures(all, none).size).toBe(0);
	});

	it('refuse an order where a feature comes before one it uses', () => {
		const members = feature('members', ['members']);
		const cowork = feature('cowork', ['slots'], [members]);
		expect(() => checkOrder([members, cowork])).not.toThrow();
		expect(() => checkOrder([cowork, members])).toThrow(/cowork uses members/);
	});
});
