import { describe, expect, it } from 'vitest';
import { backOf, boardIdOf, TAB_PATHS, TABS, tabOf } from './nav-places';

describe('tabOf', () => {
	it('puts every tab page under its own tab', () => {
		for (const tab of TABS) expect(tabOf(TAB_PATHS[tab])).toBe(tab);
	});

	it('keeps a board and everything on it under Tableaux', () => {
		for (const path of ['/b/x1', '/b/x1/cowork', '/b/x1/posts/k/edit', '/boards/new', '/requests'])
			expect(tabOf(path)).toBe('boards');
	});

	it('gathers the searches and the directory under Chercher, at any depth', () => {
		for (const path of ['/search', '/cowork', '/discover', '/discover/abc', '/search/'])
			expect(tabOf(path)).toBe('search');
	});

	it('gathers profile, settings, devices and hostings under Moi', () => {
		for (const path of ['/profile', '/settings', '/devices', '/hosting', '/me'])
			expect(tabOf(path)).toBe('me');
	});

	it('marks no tab before an identity or on an unknown page', () => {
		for (const path of ['/welcome', '/join', '/scan', '/nowhere', '/searching', '/bookingsx'])
			expect(tabOf(path)).toBeNull();
	});
});

describe('boardIdOf', () => {
	it('reads the board of a board path only', () => {
		expect(boardIdOf('/b/abc/posts/1')).toBe('abc');
		expect(boardIdOf('/b/abc')).toBe('abc');
		expect(boardIdOf('/b/')).toBeNull();
		expect(boardIdOf('/boards/new')).toBeNull();
		expect(boardIdOf('/')).toBeNull();
	});
});

describe('backOf', () => {
	it('has no back on top-level pages', () => {
		for (const path of [
			'/',
			'/b/a',
			'/b/a/',
			'/b/a/cowork',
			'/me',
			'/search',
			'/discover',
			'/bookings'
		])
			expect(backOf(path)).toBeNull();
	});

	it('leads from a board page to its board, and from a space to the board’s cowork', () => {
		expect(backOf('/b/a/posts/k')).toEqual({ route: '/b/[id]', id: 'a' });
		expect(backOf('/b/a/invite')).toEqual({ route: '/b/[id]', id: 'a' });
		expect(backOf('/b/a/spaces/s')).toEqual({ route: '/b/[id]/cowork', id: 'a' });
		expect(backOf('/b/a/spaces/new')).toEqual({ route: '/b/[id]/cowork', id: 'a' });
		expect(backOf('/b/a/door/d')).toEqual({ route: '/b/[id]/cowork', id: 'a' });
	});

	it('leads from editing a space back to that space', () => {
		expect(backOf('/b/a/spaces/s/edit')).toEqual({
			route: '/b/[id]/spaces/[key]',
			id: 'a',
			key: 's'
		});
		expect(backOf('/b/a/spaces/s/edit/')).toEqual({
			route: '/b/[id]/spaces/[key]',
			id: 'a',
			key: 's'
		});
	});

	it('leads from the pages gathered in Moi back to Moi, and from a listed board to Découvrir', () => {
		for (const path of ['/profile', '/settings', '/devices', '/hosting'])
			expect(backOf(path)).toEqual({ route: '/me' });
		expect(backOf('/discover/b1')).toEqual({ route: '/discover' });
		expect(backOf('/boards/new')).toEqual({ route: '/' });
	});
});
