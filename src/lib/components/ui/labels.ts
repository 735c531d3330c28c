/**
 * Words for post ids and field error codes, from the messages (src/lib/i18n/README.md). The label
 * records are getters, so they are read in the current locale when a page renders.
 */
import type { Category, PostKind } from '$lib/domain/help/types';
import { m } from '$lib/paraglide/messages.js';

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
	get diy() {
		return m.post_category_diy();
	},
	get cooking() {
		return m.post_category_cooking();
	},
	get computing() {
		return m.post_category_computing();
	},
	get paperwork() {
		return m.post_category_paperwork();
	},
	get repairs() {
		return m.post_category_repairs();
	},
	get gardening() {
		return m.post_category_gardening();
	},
	get care() {
		return m.post_category_care();
	},
	get other() {
		return m.post_category_other();
	}
};

export const KIND_LABELS: Readonly<Record<PostKind, string>> = {
	get offer() {
		return m.post_kind_offer();
	},
	get request() {
		return m.post_kind_request();
	}
};

/**
 * One whole sentence per field and code (the messages select on the field), so that French
 * agreement holds: "La description est trop longue". Unknown fields get a generic sentence.
 */
export function fieldError(field: string, code: string | undefined): string {
	if (!code) return '';
	if (code === 'required') return m.common_field_required({ field });
	if (code === 'tooLong') return m.common_field_too_long({ field });
	return m.common_field_invalid({ field });
}

/** Formatters moved to $lib/i18n (locale-aware); re-exported for the components that use them. */
export { formatDate, formatDateTime } from '$lib/i18n/format';
