/**
 * "Partager" (issue 17): the system share sheet where the browser has one (`navigator.share`,
 * phones mostly), copying the link otherwise (desktop and headless Chromium have no share sheet;
 * the QR code is always on the page).
 */
export interface ShareSurface {
	share?: (data: ShareData) => Promise<void>;
	canShare?: (data: ShareData) => boolean;
}

export type ShareOutcome = 'shared' | 'cancelled' | 'copy';

/** Whether this browser offers a share sheet for these data. */
export function hasShareSheet(surface: ShareSurface | undefined, data: ShareData): boolean {
	if (!surface || typeof surface.share !== 'function') return false;
	return typeof surface.canShare !== 'function' || surface.canShare(data);
}

/**
 * Opens the share sheet when there is one. `copy` means the caller copies instead: no sheet, or
 * the sheet failed for another reason than the person closing it.
 */
export async function shareOrCopy(
	surface: ShareSurface | undefined,
	data: ShareData
): Promise<ShareOutcome> {
	if (!hasShareSheet(surface, data)) return 'copy';
	try {
		await surface!.share!(data);
		return 'shared';
	} catch (error) {
		// Closing the sheet is a choice, not a failure: nothing to fall back to.
		if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
		return 'copy';
	}
}
