import type { SealedSet } from '../identity/sealed';
import type { PriceTerms } from '../pricing/terms';

export const POST_KINDS = ['offer', 'request'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/** Categories from the Carion model; the UI translates the ids. */
export const CATEGORIES = [
	'diy',
	'cooking',
	'computing',
	'paperwork',
	'repairs',
	'gardening',
	'care',
	'other'
] as const;
export type Category = (typeof CATEGORIES)[number];

export const POST_STATUSES = ['open', 'closed'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export interface PostInput {
	kind: PostKind;
	title: string;
	description: string;
	category: Category;
	availability: string;
	area: string;
}

export interface HelpPost extends PostInput {
	key: string;
	/** The author's contact details sealed to the author (see engagement responses). */
	contactSealed: SealedSet | null;
	authorId: string;
	status: PostStatus;
	/** Visible in the city directory (when the board is listed). */
	listed: boolean;
	price: PriceTerms | null;
	createdAt: number;
	updatedAt: number;
}

/** What the "new post" form starts from. */
export const BLANK_POST: PostInput = {
	kind: 'offer',
	category: 'diy',
	title: '',
	description: '',
	availability: '',
	area: ''
};
