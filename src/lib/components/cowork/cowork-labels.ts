/**
 * Words for cowork ids and error codes (guest booking statuses: booking-status-labels.ts), from the
 * messages (src/lib/i18n/README.md): the label records are getters, read when a page renders.
 */
import type { Amenity, BookingStatus, WorkMode } from '$lib/domain/cowork/types';
import { SPACE_LIMITS } from '$lib/domain/cowork/validate';
import { NotAuthorError, NotFoundError, RuleError, ValidationError } from '$lib/domain/errors';
import { m } from '$lib/paraglide/messages.js';

const getters = <K extends string>(entries: Record<K, () => string>): Readonly<Record<K, string>> =>
	Object.defineProperties(
		{},
		Object.fromEntries(
			Object.entries<() => string>(entries).map(([key, get]) => [key, { get, enumerable: true }])
		)
	) as Record<K, string>;

export const AMENITY_LABELS: Readonly<Record<Amenity, string>> = getters<Amenity>({
	wifi: m.cowork_amenity_wifi,
	calls: m.cowork_amenity_calls,
	printer: m.cowork_amenity_printer,
	kitchen: m.cowork_amenity_kitchen,
	lunch: m.cowork_amenity_lunch,
	pets: m.cowork_amenity_pets,
	'step-free': m.cowork_amenity_step_free,
	quiet: m.cowork_amenity_quiet
});

export const WORK_MODE_LABELS: Readonly<Record<WorkMode, string>> = getters<WorkMode>({
	silent: m.cowork_work_mode_silent,
	'quiet-chat': m.cowork_work_mode_quiet_chat
});

const HOST_ICONS: Record<BookingStatus, string> = {
	requested: '📨',
	waitlisted: '⏳',
	confirmed: '✅',
	declined: '✖️',
	cancelled: '🚫',
	expired: '⌛',
	'no-show': '❔',
	'over-capacity': '⚠️'
};

const HOST_LABELS: Record<BookingStatus, () => string> = {
	requested: m.cowork_host_status_requested,
	waitlisted: m.cowork_host_status_waitlisted,
	confirmed: m.cowork_host_status_confirmed,
	declined: m.cowork_host_status_declined,
	cancelled: m.cowork_host_status_cancelled,
	expired: m.cowork_host_status_expired,
	'no-show': m.cowork_host_status_no_show,
	'over-capacity': m.cowork_host_status_over_capacity
};

/** What the host reads about a request on their slot (the guest reads booking-status-labels). */
export function hostStatusLabel(status: BookingStatus): { icon: string; label: string } {
	return { icon: HOST_ICONS[status], label: HOST_LABELS[status]() };
}

/**
 * A field's error code as one whole sentence (the messages select on the field, so that French
 * agreement holds); `max` is the largest number allowed, when it matters.
 */
export function coworkFieldError(field: string, code: string | undefined, max?: number): string {
	if (!code) return '';
	switch (code) {
		case 'required':
			return m.cowork_field_required({ field });
		case 'tooLong':
			return field === 'end' ? m.cowork_field_slot_too_long() : m.cowork_field_too_long();
		case 'seats':
			return m.cowork_field_seats_range({ max: max ?? SPACE_LIMITS.seats });
		case 'inPast':
			return field === 'deadline' ? m.cowork_field_deadline_passed() : m.cowork_field_in_past();
		case 'beforeStart':
			return m.cowork_field_end_before_start();
		case 'afterStart':
			return m.cowork_field_deadline_after_start();
		case 'repeat':
			return m.cowork_field_repeat_range();
		default:
			return m.cowork_field_invalid({ field });
	}
}

const RULES: Record<string, () => string> = {
	archived: m.cowork_rule_archived,
	ownSlot: m.cowork_rule_own_slot,
	slotCancelled: m.cowork_rule_slot_cancelled,
	deadlinePassed: m.cowork_rule_deadline_passed,
	alreadyBooked: m.cowork_rule_already_booked,
	full: m.cowork_rule_full,
	blocked: m.cowork_rule_blocked,
	slotEnded: m.cowork_rule_slot_ended,
	slotUnknown: m.counts_rule_slot_unknown,
	attested: m.door_rule_attested
};

/** Any error of a cowork command, for a role="alert" message next to the button that failed. */
export function coworkErrorMessage(error: unknown): string {
	if (error instanceof RuleError) {
		return (RULES[error.code] ?? m.cowork_rule_other)();
	}
	if (error instanceof ValidationError) {
		const [field, code] = Object.entries(error.fields)[0] ?? ['', ''];
		return coworkFieldError(field, code);
	}
	if (error instanceof NotFoundError) {
		return m.cowork_error_not_found();
	}
	if (error instanceof NotAuthorError) return m.cowork_error_not_author();
	return m.cowork_error_save_failed();
}
