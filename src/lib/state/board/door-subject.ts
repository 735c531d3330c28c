/**
 * What the door screen is about (issue 18): a booking or an engagement, seen from my side — my
 * role, the other person, where it stands, who already checked in, and whether the door is open
 * now. Derived from the features' snapshots, so the screen changes the moment a scanned code or
 * a sync brings the other side's records.
 */
import { doorOpen } from '$lib/domain/checkin/commands';
import type { BookingStatus, Slot } from '$lib/domain/cowork/types';
import type { EngagementStatus } from '$lib/domain/engagement/types';
import type { AidSnapshot } from './aid.svelte';
import type { CoworkSnapshot } from './cowork-snapshot';

interface Common {
	key: string;
	otherId: string;
	attested: boolean;
	/** I already checked in (arrived, welcomed, "service rendu"). */
	mine: boolean;
	theirs: boolean;
	/** I may check in now. */
	open: boolean;
	/** The space's or the post's title. */
	title: string;
}

export type DoorSubject =
	| (Common & { kind: 'booking'; role: 'host' | 'guest'; status: BookingStatus; slot: Slot })
	| (Common & { kind: 'engagement'; role: 'initiator' | 'author'; status: EngagementStatus });

export interface DoorInputs {
	cowork: CoworkSnapshot;
	aid: AidSnapshot;
	postTitle: (postKey: string) => string;
}

/** The subject of the door for `key`, from my side; null when I am not one of the two. */
export function doorSubject(
	inputs: DoorInputs,
	me: string,
	key: string,
	now: number
): DoorSubject | null {
	const booking = inputs.cowork.bookings.get(key);
	if (booking) {
		const slotState = inputs.cowork.slots.get(booking.slotKey);
		const state = slotState?.bookings.get(key);
		if (!slotState || !state) return null;
		const { slot } = slotState;
		const role = slot.hostId === me ? 'host' : booking.guestId === me ? 'guest' : null;
		if (!role) return null;
		const mine = role === 'host' ? state.checkins.host : state.checkins.guest;
		const waiting = state.status === 'requested' || state.status === 'waitlisted';
		return {
			kind: 'booking',
			key,
			role,
			otherId: role === 'host' ? booking.guestId : slot.hostId,
			status: state.status,
			slot,
			attested: state.attested,
			mine,
			theirs: role === 'host' ? state.checkins.guest : state.checkins.host,
			// The host confirms at the door a request still waiting; the guest needs the confirmation.
			open: doorOpen(slot, now) && (state.status === 'confirmed' || (role === 'host' && waiting)),
			title: inputs.cowork.spaces.get(slot.spaceKey)?.title ?? ''
		};
	}
	const engagement = inputs.aid.engagements.get(key);
	if (!engagement) return null;
	const role =
		engagement.initiatorId === me ? 'initiator' : engagement.authorId === me ? 'author' : null;
	if (!role) return null;
	const { checkins } = engagement;
	return {
		kind: 'engagement',
		key,
		role,
		otherId: role === 'initiator' ? engagement.authorId : engagement.initiatorId,
		status: engagement.status,
		attested: engagement.attested,
		mine: role === 'initiator' ? checkins.initiator : checkins.author,
		theirs: role === 'initiator' ? checkins.author : checkins.initiator,
		open: engagement.status === 'accepted' || engagement.status === 'done',
		title: inputs.postTitle(engagement.postKey)
	};
}

/** Should a booking card offer the door now? Around the slot, for a booking that is or may be confirmed. */
export function bookingDoorShown(
	slot: Pick<Slot, 'start' | 'end'>,
	status: BookingStatus,
	now: number
): boolean {
	const live = status === 'confirmed' || status === 'requested' || status === 'waitlisted';
	return live && doorOpen(slot, now);
}
