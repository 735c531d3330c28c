/**
 * The private contact details a post's author may attach (issue 4): sealed to the author on the
 * post, resealed to the neighbour whose engagement the author accepts.
 */
import type { ContactDetails } from '../engagement/types';
import { ValidationError, type FieldErrors } from '../errors';
import { cleanText } from '../text';

/** Long enough for an international number with spaces and an extension; the address, a few lines. */
export const CONTACT_LIMITS = { phone: 40, address: 300 } as const;

/**
 * A phone number needs at least this many digits: the shortest real numbers (short codes aside)
 * have 6, and fewer almost always means a typo the neighbour could not call.
 */
const MIN_PHONE_DIGITS = 6;
/** Digits with the usual separators, an optional leading "+": "06 12 34 56 78", "+352 621-123.456". */
const PHONE_RE = /^\+?[\d\s().\-/]+$/;

/** Trims both fields; refuses a phone that could not be dialled, or either field too long. */
export function validateContact(details: ContactDetails): ContactDetails {
	const errors: FieldErrors = {};
	const phone = cleanText(
		details.phone,
		'phone',
		{ required: false, max: CONTACT_LIMITS.phone },
		errors
	);
	const address = cleanText(
		details.address,
		'address',
		{ required: false, max: CONTACT_LIMITS.address },
		errors
	);
	if (phone && !errors.phone) {
		const digits = phone.replace(/\D/g, '').length;
		if (!PHONE_RE.test(phone) || digits < MIN_PHONE_DIGITS) errors.phone = 'phone';
	}
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return { phone, address };
}

/** Nothing to share: both fields blank. */
export function isEmptyContact(details: ContactDetails): boolean {
	return !details.phone.trim() && !details.address.trim();
}
