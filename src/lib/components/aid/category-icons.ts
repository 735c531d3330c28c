/**
 * An icon per help category (domain/help/types.ts CATEGORIES). Imported one by one so only these
 * eight small SVG components land in the bundle (never the icon set's index).
 */
import type { Category } from '$lib/domain/help/types';
import CookingPot from '@lucide/svelte/icons/cooking-pot';
import FileText from '@lucide/svelte/icons/file-text';
import Hammer from '@lucide/svelte/icons/hammer';
import HeartHandshake from '@lucide/svelte/icons/heart-handshake';
import Laptop from '@lucide/svelte/icons/laptop';
import Shapes from '@lucide/svelte/icons/shapes';
import Sprout from '@lucide/svelte/icons/sprout';
import Wrench from '@lucide/svelte/icons/wrench';

export const CATEGORY_ICONS: Record<Category, typeof Wrench> = {
	diy: Hammer,
	cooking: CookingPot,
	computing: Laptop,
	paperwork: FileText,
	repairs: Wrench,
	gardening: Sprout,
	care: HeartHandshake,
	other: Shapes
};
