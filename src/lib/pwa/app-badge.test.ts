import { describe, expect, it, vi } from 'vitest';
import { showAppBadge } from './app-badge';

describe('app badge', () => {
	it('sets the count, clears at zero', () => {
		const nav = {
			setAppBadge: vi.fn(() => Promise.resolve()),
			clearAppBadge: vi.fn(() => Promise.resolve())
		};
		showAppBadge(3, nav);
		showAppBadge(0, nav);
		expect(nav.setAppBadge).toHaveBeenCalledWith(3);
		expect(nav.clearAppBadge).toHaveBeenCalledTimes(1);
	});

	it('does nothing where the browser has no Badging API, and never throws', async () => {
		expect(() => showAppBadge(2, {})).not.toThrow();
		expect(() => showAppBadge(2, undefined as never)).not.toThrow();
		const refusing = { setAppBadge: vi.fn(() => Promise.reject(new Error('not installed'))) };
		expect(() => showAppBadge(1, refusing)).not.toThrow();
		const throwing = {
			setAppBadge: () => {
				throw new Error('SecurityError');
			}
		};
		expect(() => showAppBadge(1, throwing)).not.toThrow();
		// A rejected promise is caught, not left unhandled.
		await new Promise((r) => setTimeout(r, 0));
	});

	it('clears with setAppBadge(0) where clearAppBadge is missing', () => {
		const nav = { setAppBadge: vi.fn(() => Promise.resolve()) };
		showAppBadge(0, nav);
		expect(nav.setAppBadge).toHaveBeenCalledWith(0);
	});
});
