import { describe, expect, it, vi } from 'vitest';
import { hasShareSheet, shareOrCopy } from './share';

const data = { title: 'Rue des Lilas', url: 'https://q.example/join#board=x' };

describe('Partager', () => {
	it('copies where there is no share sheet (desktop, headless Chromium)', async () => {
		expect(hasShareSheet(undefined, data)).toBe(false);
		expect(hasShareSheet({}, data)).toBe(false);
		expect(await shareOrCopy({}, data)).toBe('copy');
	});

	it('opens the share sheet where there is one', async () => {
		const share = vi.fn(() => Promise.resolve());
		expect(await shareOrCopy({ share }, data)).toBe('shared');
		expect(share).toHaveBeenCalledWith(data);
	});

	it('copies when the browser says it cannot share these data', async () => {
		const share = vi.fn(() => Promise.resolve());
		expect(await shareOrCopy({ share, canShare: () => false }, data)).toBe('copy');
		expect(share).not.toHaveBeenCalled();
	});

	it('does nothing more when the person closes the sheet, copies when it fails', async () => {
		const closed = () => Promise.reject(new DOMException('closed', 'AbortError'));
		expect(await shareOrCopy({ share: closed }, data)).toBe('cancelled');
		const refused = () => Promise.reject(new DOMException('no', 'NotAllowedError'));
		expect(await shareOrCopy({ share: refused }, data)).toBe('copy');
	});
});
