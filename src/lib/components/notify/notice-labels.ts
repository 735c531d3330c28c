/**
 * A notice in words, from its kind (domain/notify/notice.ts): who did what on which post or
 * space. Every kind has its sentence; the record makes a missing one a type error.
 */
import type { NoticeKind } from '$lib/domain/notify/notice';
import { m } from '$lib/paraglide/messages.js';

type Words = (params: { name: string; subject: string }) => string;

const SENTENCES: Readonly<Record<NoticeKind, Words>> = {
	'help-request': (p) => m.notify_kind_help_request(p),
	'help-proposal': (p) => m.notify_kind_help_proposal(p),
	'help-accepted': (p) => m.notify_kind_help_accepted(p),
	'help-declined': (p) => m.notify_kind_help_declined(p),
	'help-cancelled': (p) => m.notify_kind_help_cancelled(p),
	'help-message': (p) => m.notify_kind_help_message(p),
	'seat-request': (p) => m.notify_kind_seat_request(p),
	'seat-confirmed': (p) => m.notify_kind_seat_confirmed(p),
	'seat-declined': (p) => m.notify_kind_seat_declined(p),
	'seat-cancelled-by-host': (p) => m.notify_kind_seat_cancelled_by_host(p),
	'seat-cancelled-by-guest': (p) => m.notify_kind_seat_cancelled_by_guest(p)
};

/** "Ben demande votre aide pour « Étagère »"; a member not (yet) known is "Un membre". */
export function noticeSentence(
	notice: { kind: NoticeKind; subject: string },
	name: string
): string {
	return SENTENCES[notice.kind]({
		name: name || m.notify_someone(),
		subject: notice.subject || m.notify_untitled()
	});
}

/** "3 en attente". */
export function waitingLabel(count: number): string {
	return m.notify_waiting_count({ count });
}
