/**
 * Who is concerned by what happened on a board: every notice of a board, for every member. The
 * app keeps the ones addressed to me; the relay pushes each new one to its member's devices.
 */
import type { SlotState } from '../cowork/types';
import type { Engagement } from '../engagement/types';
import type { NoticeInput } from './input';
import { postPath, spacePath, type Notice, type NoticeKind, type Reminder } from './notice';

export function deriveNotices(input: NoticeInput): Notice[] {
	const notices: Notice[] = [];
	for (const engagement of input.engagements.values()) helpNotices(input, engagement, notices);
	for (const slot of input.slots.values()) seatNotices(input, slot, notices);
	return notices.filter((n) => n.to !== n.from && !input.removed.has(n.from));
}

/** Only my notices, newest first. */
export function noticesFor(notices: readonly Notice[], memberId: string): Notice[] {
	return notices
		.filter((n) => n.to === memberId)
		.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
}

function helpNotices(input: NoticeInput, e: Engagement, out: Notice[]): void {
	const post = input.posts.get(e.postKey);
	if (!post) return;
	const base = {
		boardId: input.boardId,
		subject: post.title,
		path: postPath(input.boardId, e.postKey)
	};
	const add = (id: string, kind: NoticeKind, to: string, from: string, at: number, open = false) =>
		out.push({ ...base, id, kind, to, from, at, open });

	add(
		`help-ask:${e.key}`,
		post.kind === 'offer' ? 'help-request' : 'help-proposal',
		e.authorId,
		e.initiatorId,
		e.request.createdAt,
		e.status === 'proposed'
	);
	const response = e.response;
	if (response) {
		add(
			`help-answer:${e.key}`,
			response.decision === 'accepted' ? 'help-accepted' : 'help-declined',
			e.initiatorId,
			e.authorId,
			response.at
		);
	}
	if (e.status === 'cancelled' && e.by) {
		const other = e.by === e.authorId ? e.initiatorId : e.authorId;
		const mark = e.by === e.authorId ? response?.cancelled : e.request.cancelled;
		add(`help-cancelled:${e.key}`, 'help-cancelled', other, e.by, mark?.at ?? 0);
	}
	for (const comment of input.comments.get(e.key) ?? []) {
		const other = comment.authorId === e.authorId ? e.initiatorId : e.authorId;
		add(`help-message:${comment.key}`, 'help-message', other, comment.authorId, comment.at);
	}
}

function seatNotices(input: NoticeInput, { slot, bookings }: SlotState, out: Notice[]): void {
	const space = input.spaces.get(slot.spaceKey);
	const base = {
		boardId: input.boardId,
		subject: space?.title ?? '',
		path: spacePath(input.boardId, slot.spaceKey)
	};
	const host = slot.hostId;
	for (const state of bookings.values()) {
		const guest = input.guests.get(state.bookingKey);
		if (!guest) continue;
		const key = state.bookingKey;
		const add = (
			id: string,
			kind: NoticeKind,
			to: string,
			from: string,
			at: number,
			open = false
		) => out.push({ ...base, id, kind, to, from, at, open });
		const decidedAt = input.decidedAt.get(key) ?? 0;

		add(
			`seat-request:${key}`,
			'seat-request',
			host,
			guest.guestId,
			guest.createdAt,
			state.status === 'requested'
		);
		// Once the seat is cancelled, the cancellation replaces the confirmation in the list.
		if (state.status === 'confirmed' || state.status === 'no-show') {
			add(`seat-confirmed:${key}`, 'seat-confirmed', guest.guestId, host, decidedAt);
		}
		if (state.status === 'declined') {
			add(`seat-declined:${key}`, 'seat-declined', guest.guestId, host, decidedAt);
		}
		if (state.status === 'cancelled' && state.cancelledBy === 'host') {
			const at = Math.max(decidedAt, slot.cancelled?.at ?? 0);
			add(`seat-cancelled:${key}`, 'seat-cancelled-by-host', guest.guestId, host, at);
		}
		if (state.status === 'cancelled' && state.cancelledBy === 'guest') {
			const at = guest.cancelledAt ?? decidedAt;
			add(`seat-cancelled:${key}`, 'seat-cancelled-by-guest', host, guest.guestId, at);
		}
	}
}

/** Reminders before every upcoming confirmed slot: one per guest booking, one per host slot. */
export function deriveReminders(input: NoticeInput, now: number): Reminder[] {
	const reminders: Reminder[] = [];
	for (const { slot, bookings } of input.slots.values()) {
		if (slot.cancelled || slot.start <= now) continue;
		const path = spacePath(input.boardId, slot.spaceKey);
		let hostHasGuests = false;
		for (const state of bookings.values()) {
			const guest = input.guests.get(state.bookingKey);
			if (state.status !== 'confirmed' || !guest || input.removed.has(guest.guestId)) continue;
			hostHasGuests = true;
			reminders.push({
				id: `reminder:${state.bookingKey}`,
				boardId: input.boardId,
				to: guest.guestId,
				role: 'guest',
				slotKey: slot.key,
				start: slot.start,
				path
			});
		}
		if (hostHasGuests) {
			reminders.push({
				id: `reminder-host:${slot.key}`,
				boardId: input.boardId,
				to: slot.hostId,
				role: 'host',
				slotKey: slot.key,
				start: slot.start,
				path
			});
		}
	}
	return reminders;
}
