/**
 * Words for mutual aid (issue 4): engagement statuses, the words of each side's actions, field and
 * rule errors, from the messages (src/lib/i18n/README.md), read in the current locale each time.
 */
import type { Engagement, EngagementStatus } from '$lib/domain/engagement/types';
import type { MyStep } from '$lib/domain/engagement/lists';
import { NotAuthorError, NotFoundError, RuleError, ValidationError } from '$lib/domain/errors';
import { ENGAGEMENT_LIMITS } from '$lib/domain/engagement/validate';
import { CONTACT_LIMITS } from '$lib/domain/help/contact';
import type { PostKind } from '$lib/domain/help/types';
import { RATING_LIMITS } from '$lib/domain/trust/ratings';
import { m } from '$lib/paraglide/messages.js';
import type { StatusText } from '../cowork/booking-status-labels';
import { elision } from '../trust/trust-labels';

type StatusLabel = Omit<StatusText, 'detail'>;

/** Getters: each status is worded in the current locale when it is read. */
export const ENGAGEMENT_STATUS_LABELS: Readonly<Record<EngagementStatus, StatusLabel>> = {
	get proposed(): StatusLabel {
		return { icon: '📨', label: m.aid_status_proposed(), tone: 'warn' };
	},
	get accepted(): StatusLabel {
		return { icon: '✅', label: m.aid_status_accepted(), tone: 'good' };
	},
	get declined(): StatusLabel {
		return { icon: '✖️', label: m.aid_status_declined(), tone: 'bad' };
	},
	get cancelled(): StatusLabel {
		return { icon: '🚫', label: m.aid_status_cancelled(), tone: 'muted' };
	},
	get done(): StatusLabel {
		return { icon: '🤝', label: m.aid_status_done(), tone: 'good' };
	},
	get disputed(): StatusLabel {
		return { icon: '⚠️', label: m.aid_status_disputed(), tone: 'bad' };
	}
};

/** "Par Amélie : « Malade »" — the reason quoted after, when there is one. */
const withReason = (detail: string, reason: string) =>
	reason.trim() ? m.aid_detail_with_reason({ detail, reason: reason.trim() }) : detail;

/**
 * The status in words, seen by `me`: who cancelled, declined or disputed and why, and what the
 * other side is waiting for. `nameOf` gives a member's display name ('' when unknown).
 */
export function engagementStatusText(
	engagement: Engagement,
	me: string,
	nameOf: (memberId: string) => string
): StatusText {
	const base = ENGAGEMENT_STATUS_LABELS[engagement.status];
	/** Me, a known name, or the other person (unknown on this device). */
	const who = (id: string | null): { me: true } | { me: false; name: string } =>
		id === me ? { me: true } : { me: false, name: (id && nameOf(id)) || '' };
	const mine = engagement.initiatorId === me ? engagement.request : engagement.response;
	const theirs = engagement.initiatorId === me ? engagement.response : engagement.request;
	const other = engagement.initiatorId === me ? engagement.authorId : engagement.initiatorId;
	const by = (id: string | null) => {
		const person = who(id);
		if (person.me) return m.aid_detail_by_you();
		return person.name ? m.aid_detail_by_name({ name: person.name }) : m.aid_detail_by_other();
	};
	let detail = '';
	switch (engagement.status) {
		case 'proposed': {
			const author = who(engagement.authorId);
			detail = author.me
				? m.aid_detail_waiting_for_you()
				: author.name
					? m.aid_detail_waiting_for_name({ name: author.name, elide: elision(author.name) })
					: m.aid_detail_waiting_for_other();
			break;
		}
		case 'accepted':
			detail = m.aid_detail_accepted();
			break;
		case 'declined':
		case 'cancelled':
			detail = withReason(by(engagement.by), engagement.reason);
			break;
		case 'done': {
			const person = who(other);
			detail =
				mine?.done && theirs?.done
					? m.aid_detail_done_both()
					: mine?.done
						? m.aid_detail_done_by_you()
						: !person.me && person.name
							? m.aid_detail_done_by_name({ name: person.name })
							: m.aid_detail_done_by_other();
			break;
		}
		case 'disputed': {
			const person = who(engagement.by);
			const disputes = person.me
				? m.aid_detail_disputed_by_you()
				: person.name
					? m.aid_detail_disputed_by_name({ name: person.name })
					: m.aid_detail_disputed_by_other();
			detail = withReason(disputes, engagement.reason);
			break;
		}
	}
	return { ...base, detail };
}

/** The neighbour's action on a post, by kind: asking for offered help, or offering to help. */
export function proposeLabel(kind: PostKind): string {
	return kind === 'offer' ? m.aid_propose_offer() : m.aid_propose_request();
}

/**
 * What the author receives, by kind: "la demande de Bruno" or "l’aide de Bruno" ('' for a name
 * not on this device: "la demande de ce membre").
 */
export function engagementOf(kind: PostKind, name: string): string {
	if (!name) return kind === 'offer' ? m.aid_request_of_unknown() : m.aid_help_of_unknown();
	const elide = elision(name);
	return kind === 'offer' ? m.aid_request_of({ name, elide }) : m.aid_help_of({ name, elide });
}

/** Heading of the author's list of engagements on their post. */
export function receivedHeading(kind: PostKind): string {
	return kind === 'offer' ? m.aid_received_requests() : m.aid_received_offers();
}

export const STEP_LABELS: Readonly<Record<Exclude<MyStep, null>, string>> = {
	get respond() {
		return m.aid_step_respond();
	},
	get confirm() {
		return m.aid_step_confirm();
	},
	get rate() {
		return m.aid_step_rate();
	}
};

/**
 * Length limits quoted in "too long" messages, by field name. `comment` serves an engagement's
 * comment and a rating's (RatingForm); both records allow the same length.
 */
const LIMITS: Record<string, number> = {
	message: ENGAGEMENT_LIMITS.message,
	dates: ENGAGEMENT_LIMITS.dates,
	reason: ENGAGEMENT_LIMITS.reason,
	comment: ENGAGEMENT_LIMITS.comment,
	note: RATING_LIMITS.note,
	phone: CONTACT_LIMITS.phone,
	address: CONTACT_LIMITS.address
};

/** A field's error code in plain words. */
export function aidFieldError(field: string, code: string | undefined): string {
	if (!code) return '';
	switch (code) {
		case 'required':
			if (field === 'comment') return m.aid_error_comment_required();
			if (field === 'reason') return m.aid_error_reason_required();
			return m.aid_error_required();
		case 'tooLong':
			return LIMITS[field]
				? m.aid_error_too_long_max({ max: LIMITS[field] })
				: m.aid_error_too_long();
		case 'phone':
			return m.aid_error_phone();
		case 'stars':
			return m.aid_error_stars();
		default:
			return m.aid_error_invalid();
	}
}

const RULES: Record<string, () => string> = {
	ownPost: m.aid_rule_own_post,
	postClosed: m.aid_rule_post_closed,
	alreadyProposed: m.aid_rule_already_proposed,
	notProposed: m.aid_rule_not_proposed,
	notCancellable: m.aid_rule_not_cancellable,
	notAccepted: m.aid_rule_not_accepted,
	notDisputable: m.aid_rule_not_disputable,
	notParticipant: m.aid_rule_not_participant,
	notFinished: m.aid_rule_not_finished,
	frozen: m.aid_rule_frozen,
	blocked: m.aid_rule_blocked,
	attested: m.door_rule_attested_service,
	/** A rating's private note: no admin can read it yet. */
	noAdminKey: m.trust_no_admin_key
};

/** Any error of an engagement or rating command, for a role="alert" message beside the control. */
export function aidErrorMessage(error: unknown): string {
	if (error instanceof RuleError) {
		return (RULES[error.code] ?? m.aid_rule_changed)();
	}
	if (error instanceof ValidationError) {
		const [field, code] = Object.entries(error.fields)[0] ?? ['', ''];
		return aidFieldError(field, code);
	}
	if (error instanceof NotFoundError) {
		return m.aid_error_not_found();
	}
	if (error instanceof NotAuthorError) return m.aid_error_not_author();
	return m.aid_error_not_saved();
}

/** Refusals worded for a cowork booking where the engagement's words would not fit. */
const BOOKING_RATING_RULES: Record<string, () => string> = {
	notFinished: m.aid_rule_booking_not_finished,
	notParticipant: m.aid_rule_booking_not_participant
};

/** Any error of rating a cowork booking (as its guest or its host). */
export function bookingRatingErrorMessage(error: unknown): string {
	if (error instanceof RuleError && BOOKING_RATING_RULES[error.code]) {
		return BOOKING_RATING_RULES[error.code]!();
	}
	return aidErrorMessage(error);
}
