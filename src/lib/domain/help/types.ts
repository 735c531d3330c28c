import type { SealedSet } from '../identity/sealed';
import { priceInputOf, type PriceInput, type PriceTerms } from '../pricing/terms';

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
	/** The terms as the form gives them; absent: an edit keeps the stored terms. */
	price?: PriceInput;
	/** "Visible dans l'annuaire"; absent: an edit keeps the stored choice, a new post is unlisted. */
	listed?: boolean;
}

export interface HelpPost extends Omit<PostInput, 'price' | 'listed'> {
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
	area: '',
	price: { kind: 'free', euros: '' },
	listed: false
};

/** The edit form's starting values for a stored post. */
export function postInputOf(post: HelpPost): PostInput {
	const { kind, title, description, category, availability, area } = post;
	return {
		kind,
		title,
		description,
		category,
		availability,
		area,
		price: priceInputOf(post.price),
		listed: post.listed
	};
}
