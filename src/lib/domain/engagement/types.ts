/**
 * Engagements (issue 4): on an offer a neighbour asks for the help, on a request a neighbour
 * proposes to help. The neighbour writes the engagement, the post's author writes the response;
 * each side later records on their own record that they cancelled, marked it done, or disputed.
 */
import type { SealedSet } from '../identity/sealed';
import type { PriceTerms } from '../pricing/terms';

export interface SideMarks {
	cancelled: { reason: string; at: number } | null;
	done: { at: number } | null;
	disputed: { reason: string; at: number } | null;
}

export interface EngagementRequest extends SideMarks {
	key: string;
	initiatorId: string;
	postKey: string;
	message: string;
	/** Preferred dates, in the neighbour's words ("samedi matin", "après le 12"). */
	dates: string;
	createdAt: number;
}

export interface EngagementResponse extends SideMarks {
	key: string;
	authorId: string;
	engagementKey: string;
	decision: 'accepted' | 'declined';
	reason: string;
	at: number;
	/** The author's contact details sealed to the neighbour, on acceptance. */
	contact: SealedSet | null;
	/** The post's terms when the author accepted; null on older answers or a decline. */
	agreed: PriceTerms | null;
}

export const ENGAGEMENT_STATUSES = [
	'proposed',
	'accepted',
	'declined',
	'cancelled',
	'done',
	'disputed'
] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

export interface Engagement {
	key: string;
	postKey: string;
	initiatorId: string;
	authorId: string;
	request: EngagementRequest;
	response: EngagementResponse | null;
	status: EngagementStatus;
	/** Who cancelled or disputed, and why. */
	by: string | null;
	reason: string;
	/** When the help was first marked done (ratings are compared to it). */
	doneAt: number | null;
	/** Who said "service rendu" at the door (checkin/read.ts): the neighbour, the post's author. */
	checkins: { initiator: boolean; author: boolean };
	/** Both said so: the engagement is done, and neither can dispute it. */
	attested: boolean;
}

export interface ContactDetails {
	phone: string;
	address: string;
}

export interface Comment {
	key: string;
	authorId: string;
	engagementKey: string;
	text: string;
	at: number;
}
