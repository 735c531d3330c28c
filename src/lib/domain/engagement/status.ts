/**
 * Questions asked of an engagement's status (read.ts derives it), answered once here so the
 * commands, the state and the components agree on what each status allows.
 */
import type { EngagementStatus } from './types';

/**
 * The author accepted, whatever came after (done, disputed): the neighbour holds the author's
 * contact details and either side may mark the help done.
 */
export function isAcceptedOrLater(status: EngagementStatus): boolean {
	return status === 'accepted' || status === 'done' || status === 'disputed';
}

/** Still under way (asked, or accepted and not yet done): the neighbour cannot ask again. */
export function isOngoing(status: EngagementStatus): boolean {
	return status === 'proposed' || status === 'accepted';
}

/** Ended without the help happening: declined by the author or cancelled by either side. */
export function isClosed(status: EngagementStatus): boolean {
	return status === 'declined' || status === 'cancelled';
}
