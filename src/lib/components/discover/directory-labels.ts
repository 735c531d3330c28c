/** The directory's and join requests' codes in words (codes from sync/directory-client.ts). */
import { m } from '$lib/paraglide/messages.js';
import { JOIN_LIMITS } from '$lib/domain/join/request';

export function searchErrorText(code: string): string {
	if (code === 'unreachable') return m.discover_error_unreachable();
	if (code === 'rate-limited') return m.discover_error_rate_limited();
	return m.discover_error_other({ code });
}

export function joinErrorText(code: string): string {
	switch (code) {
		case 'unreachable':
			return m.join_error_unreachable();
		case 'blocked':
			return m.join_error_blocked();
		case 'rate-limited':
			return m.join_error_rate_limited();
		case 'too-many-pending':
			return m.join_error_too_many_pending();
		case 'already-decided':
			return m.join_error_already_decided();
		case 'not-found':
			return m.join_error_not_found();
		case 'invalid':
		case 'too-large':
			return m.join_error_invalid();
		default:
			return m.join_error_other({ code });
	}
}

/** A form field's error code (`name`, `bio`, `answer0`…) in words. */
export function joinFieldError(field: string, code: string | undefined): string {
	if (!code) return '';
	if (code === 'required')
		return field === 'name' ? m.join_name_required() : m.join_answer_required();
	if (code === 'tooLong') {
		const max =
			field === 'name' ? JOIN_LIMITS.name : field === 'bio' ? JOIN_LIMITS.bio : JOIN_LIMITS.answer;
		return m.join_too_long({ max });
	}
	return code;
}
