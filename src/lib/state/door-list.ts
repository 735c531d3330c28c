/**
 * "À la porte maintenant" on Mes accueils (issue 18): my guests whose door is open right now, on
 * every board, so the host reaches "Accueillir" without looking for the space first.
 */
import type { CoworkSnapshot } from './board/cowork-snapshot';
import { bookingDoorShown } from './board/door-subject';

export interface DoorNow {
	boardId: string;
	bookingKey: string;
	guestId: string;
	spaceTitle: string;
	start: number;
	end: number;
	attested: boolean;
}

export function doorsOpenNow(
	boards: readonly { boardId: string; cowork: CoworkSnapshot }[],
	me: string,
	now: number
): DoorNow[] {
	const list: DoorNow[] = [];
	for (const { boardId, cowork } of boards) {
		for (const { slot, bookings } of cowork.slots.values()) {
			if (slot.hostId !== me) continue;
			for (const state of bookings.values()) {
				if (!state.attested && !bookingDoorShown(slot, state.status, now)) continue;
				if (now >= slot.end) continue;
				list.push({
					boardId,
					bookingKey: state.bookingKey,
					guestId: cowork.bookings.get(state.bookingKey)?.guestId ?? '',
					spaceTitle: cowork.spaces.get(slot.spaceKey)?.title ?? '',
					start: slot.start,
					end: slot.end,
					attested: state.attested
				});
			}
		}
	}
	return list.sort((a, b) => a.start - b.start || (a.bookingKey < b.bookingKey ? -1 : 1));
}
