/**
 * The icons of the board's lists: one per help category (domain/help/types.ts CATEGORIES) and the
 * empty list's. Imported one by one (never the icon set's index), and this module is itself loaded
 * after the first paint (later-icons.svelte.ts): icons stay out of the board page's first load.
 */
import type { Category } from '$lib/domain/help/types';
import CookingPot from '@lucide/svelte/icons/cooking-pot';
import FileText from '@lucide/svelte/icons/file-text';
import Hammer from '@lucide/svelte/icons/hammer';
import HeartHandshake from '@lucide/svelte/icons/heart-handshake';
import Inbox from '@lucide/svelte/icons/inbox';
import Laptop from '@lucide/svelte/icons/laptop';
import Shapes from '@lucide/svelte/icons/shapes';
import Sprout from '@lucide/svelte/icons/sprout';
import Wrench from '@lucide/svelte/icons/wrench';

export type Icon = typeof Wrench;

export const CATEGORY_ICONS: Record<Category, Icon> = {
	diy: Hammer,
	cooking: CookingPot,
	computing: Laptop,
	paperwork: FileText,
	repairs: Wrench,
	gardening: Sprout,
	care: HeartHandshake,
	other: Shapes
};

export const EMPTY_LIST_ICON: Icon = Inbox;
