import { describe, expect, it } from 'vitest';
import { isIosSafari } from './ios';

const UA = {
	iphoneSafari:
		'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
	ipadOsSafari:
		'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
	iphoneChrome:
		'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
	iphoneFacebook:
		'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.0]',
	androidChrome:
		'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36'
};

describe('isIosSafari', () => {
	it('recognises iPhone Safari and iPadOS Safari (which says Macintosh but has touch)', () => {
		expect(isIosSafari(UA.iphoneSafari, 5)).toBe(true);
		expect(isIosSafari(UA.ipadOsSafari, 5)).toBe(true);
	});

	it('leaves out desktop Safari, other iOS browsers, in-app browsers and Android', () => {
		expect(isIosSafari(UA.ipadOsSafari, 0)).toBe(false);
		expect(isIosSafari(UA.iphoneChrome, 5)).toBe(false);
		expect(isIosSafari(UA.iphoneFacebook, 5)).toBe(false);
		expect(isIosSafari(UA.androidChrome, 5)).toBe(false);
	});
});
