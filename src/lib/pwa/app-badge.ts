/**
 * The installed app's icon carries what waits for me (Badging API). Only some browsers have it,
 * and even there it may refuse (not installed, not allowed): feature-detected, never throws.
 */

interface BadgingNavigator {
	setAppBadge?: (count?: number) => Promise<void>;
	clearAppBadge?: () => Promise<void>;
}

export function showAppBadge(
	count: number,
	nav: BadgingNavigator = globalThis.navigator as BadgingNavigator
): void {
	try {
		const call =
			count > 0
				? nav?.setAppBadge?.call(nav, count)
				: (nav?.clearAppBadge?.call(nav) ?? nav?.setAppBadge?.call(nav, 0));
		// A refusal (the app is not installed) changes nothing the user needs to know.
		void call?.catch?.(() => {});
	} catch {
		// Some browsers throw synchronously outside an installed app: nothing to show then.
	}
}
