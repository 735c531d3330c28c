/** What an engagement card can ask the page to do; each returns an error message, or null once done. */
import type { ContactDetails } from '$lib/domain/engagement/types';

export interface EngagementHandlers {
	respond: (accept: boolean, reason: string) => Promise<string | null>;
	cancel: (reason: string) => string | null;
	markDone: () => string | null;
	dispute: (reason: string) => string | null;
	comment: (text: string) => string | null;
	/** The post author's contact, opened for the accepted neighbour; null when none reached them. */
	openContact: () => Promise<ContactDetails | null>;
	rate: (input: { stars: number; comment: string }, privateNote: string) => Promise<string | null>;
	loadRatingNote: () => Promise<string | null>;
}
