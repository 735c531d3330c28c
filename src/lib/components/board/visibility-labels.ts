/** The board's visibility in one line, for members who cannot change it (board page). */
import type { Visibility } from '$lib/domain/directory/visibility';
import { m } from '$lib/paraglide/messages.js';

export function visibilityLine(visibility: Visibility): string {
	if (visibility === 'listed') return m.visibility_current_listed();
	if (visibility === 'open') return m.visibility_current_open();
	return m.visibility_current_private();
}
