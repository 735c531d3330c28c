/**
 * What a rating or a report is about, in words, for profiles and the admins' page. Pages pass
 * plain lookups over their snapshots; nothing here reads state.
 */
import type { ReportTarget } from '$lib/domain/trust/reports';
import { m } from '$lib/paraglide/messages.js';
import { elision, starsText } from './trust-labels';

export interface SubjectLookup {
	/** Engagement key → the post it is about. */
	engagementPost: (engagementKey: string) => string | null;
	/** A post's title, hidden posts included for admins; null when this device does not have it. */
	postTitle: (postKey: string) => string | null;
	/** Booking key → the space's key and title. */
	bookingSpace: (bookingKey: string) => { key: string; title: string } | null;
}

export interface SubjectText {
	text: string;
	/** Where to link: the post or the space, when known on this device. */
	postKey: string | null;
	spaceKey: string | null;
}

/** "Aide informatique" for an engagement, "Coworking : Salon calme" for a booking. */
export function describeSubject(
	rating: { kind: 'engagement' | 'booking'; subject: string },
	lookup: SubjectLookup
): SubjectText {
	if (rating.kind === 'booking') {
		const space = lookup.bookingSpace(rating.subject);
		return {
			text: space
				? m.trust_subject_booking({ title: space.title })
				: m.trust_subject_booking_unknown(),
			postKey: null,
			spaceKey: space?.key ?? null
		};
	}
	const postKey = lookup.engagementPost(rating.subject);
	const title = postKey ? lookup.postTitle(postKey) : null;
	return {
		text: title ?? m.trust_subject_post_gone(),
		postKey: title ? postKey : null,
		spaceKey: null
	};
}

export interface ReportLookup {
	postTitle: (postKey: string) => string | null;
	memberName: (memberId: string) => string;
	/** A rating by key: who wrote it, about whom, how many stars; null when not (or no longer) valid. */
	rating: (key: string) => { raterId: string; rateeId: string; stars: number } | null;
}

export interface ReportText {
	text: string;
	/** The profile or post to open to act on it. */
	memberId: string | null;
	postKey: string | null;
}

/** What a report points at, for the admins' page. */
export function describeReport(
	report: { target: ReportTarget; ref: string },
	lookup: ReportLookup
): ReportText {
	const name = (id: string) => lookup.memberName(id) || m.trust_a_member();
	if (report.target === 'member') {
		const known = lookup.memberName(report.ref);
		return {
			text: known ? m.trust_report_member({ name: known }) : m.trust_report_member_unknown(),
			memberId: report.ref,
			postKey: null
		};
	}
	if (report.target === 'post') {
		const title = lookup.postTitle(report.ref);
		return {
			text: title ? m.trust_report_post({ title }) : m.trust_subject_post_gone(),
			memberId: null,
			postKey: title ? report.ref : null
		};
	}
	const rating = lookup.rating(report.ref);
	if (!rating) return { text: m.trust_report_rating_gone(), memberId: null, postKey: null };
	const rater = name(rating.raterId);
	return {
		text: m.trust_report_rating({
			elide: elision(rater),
			rater,
			ratee: name(rating.rateeId),
			stars: starsText(rating.stars)
		}),
		memberId: rating.rateeId,
		postKey: null
	};
}
