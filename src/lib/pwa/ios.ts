/**
 * iOS Safari has no `beforeinstallprompt`: people add a web app from the Share sheet. These
 * checks decide whether to show them how.
 */

/** Browsers on iOS that are not Safari (their Share sheets differ, or have no home-screen entry). */
const OTHER_IOS_BROWSERS = /CriOS|FxiOS|EdgiOS|OPiOS|YaBrowser|GSA\/|FBAN|FBAV|Instagram|Line\//;

/**
 * iPhone/iPod/iPad Safari. iPadOS 13+ says "Macintosh" like desktop Safari; only its touch points
 * tell them apart (a Mac has none).
 */
export function isIosSafari(userAgent: string, maxTouchPoints: number): boolean {
	const ios =
		/iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
	return (
		ios &&
		/Safari\//.test(userAgent) &&
		/AppleWebKit/.test(userAgent) &&
		!OTHER_IOS_BROWSERS.test(userAgent)
	);
}
