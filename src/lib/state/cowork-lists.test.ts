import { describe, expect, it } from 'vitest';
import type {
	Booking,
	BookingState,
	BookingStatus,
	Slot,
	SlotState,
	Space
} from '$lib/domain/cowork/types';
import { memberId } from '$lib/domain/test-helpers';
import { isActive, myBookings, myHosting, type BoardCowork } from './cowork-lists';

const HOUR = 3600_000;
const NOW = Date.UTC(2030, 0, 10, 8);
const me = memberId('me');
const other = memberId('other');
const guest = (n: number) => memberId(`guest-${n}`);

function space(hostId: string, id: string, archived = false): Space {
	return {
		key: `${hostId}:${id}`,
		hostId,
		title: id,
		description: '',
		city: 'Nancy',
		neighbourhood: '',
		seats: 4,
		amenities: [],
		workMode: 'silent',
		houseRules: '',
		autoAccept: false,
		archived,
		privateSealed: null,
		addressVersion: 1,
		photos: [],
		listed: false,
		price: null,
		createdAt: 0,
		updatedAt: 0
	};
}

function bookingState(bookingKey: string, status: BookingStatus): BookingState {
	return {
		bookingKey,
		status,
		seats: 1,
		cancelledBy: null,
		reason: '',
		late: false,
		sealed: null,
		checkins: { host: false, guest: false },
		attested: false
	};
}

interface SlotSpec {
	id: string;
	space: Space;
	start: number;
	bookings?: [Booking, BookingStatus][];
	overCapacity?: boolean;
	cancelled?: boolean;
}

function board(boardId: string, spaces: Space[], slots: SlotSpec[], unsynced: string[] = []) {
	const slotStates = new Map<string, SlotState>();
	const bookings = new Map<string, Booking>();
	for (const s of slots) {
		const slot: Slot = {
			key: `${s.space.hostId}:${s.id}`,
			hostId: s.space.hostId,
			spaceKey: s.space.key,
			start: s.start,
			end: s.start + 4 * HOUR,
			seats: 2,
			deadline: s.start,
			seriesId: null,
			cancelled: s.cancelled ? { reason: 'x', at: 0 } : null,
			seatPriceCents: null,
			createdAt: 0
		};
		const states = new Map<string, BookingState>();
		for (const [b, status] of s.bookings ?? []) {
			bookings.set(b.key, { ...b, slotKey: slot.key });
			states.set(b.key, bookingState(b.key, status));
		}
		slotStates.set(slot.key, {
			slot,
			confirmedSeats: 0,
			freeSeats: 2,
			bookings: states,
			overCapacity: s.overCapacity ?? false,
			waiting: [...states.values()].filter((b) => b.status === 'requested').length
		});
	}
	const result: BoardCowork = {
		boardId,
		boardName: `Board ${boardId}`,
		cowork: {
			spaces: new Map(spaces.map((s) => [s.key, s])),
			slots: slotStates,
			bookings,
			unsynced: new Set(unsynced),
			now: NOW
		}
	};
	return result;
}

function booking(guestId: string, id: string, createdAt = 0): Booking {
	return {
		key: `${guestId}:${id}`,
		guestId,
		slotKey: '',
		seats: 1,
		message: '',
		createdAt,
		cancelled: null,
		agreed: null
	};
}

describe('my bookings across boards', () => {
	it('lists only mine, upcoming soonest first then past newest first, with states', () => {
		const s = space(other, 'salon');
		const t = space(other, 'atelier');
		const a = board(
			'A',
			[s],
			[
				{
					id: 'past1',
					space: s,
					start: NOW - 3 * 24 * HOUR,
					bookings: [[booking(me, 'b1'), 'no-show']]
				},
				{
					id: 'soon',
					space: s,
					start: NOW + 24 * HOUR,
					bookings: [
						[booking(me, 'b2'), 'confirmed'],
						[booking(guest(1), 'x'), 'requested']
					]
				}
			]
		);
		const b = board(
			'B',
			[t],
			[
				{
					id: 'past2',
					space: t,
					start: NOW - 24 * HOUR,
					bookings: [[booking(me, 'b3'), 'expired']]
				},
				{ id: 'first', space: t, start: NOW + HOUR, bookings: [[booking(me, 'b4'), 'requested']] }
			],
			[`${me}:b4`]
		);
		const list = myBookings([a, b], me, NOW);
		expect(list.map((i) => [i.booking.key.split(':')[1], i.upcoming, i.state?.status])).toEqual([
			['b4', true, 'requested'],
			['b2', true, 'confirmed'],
			['b3', false, 'expired'],
			['b1', false, 'no-show']
		]);
		expect(list[0]).toMatchObject({ boardId: 'B', boardName: 'Board B', unsynced: true });
		expect(list[0]?.space?.title).toBe('atelier');
		expect(list[1]?.unsynced).toBe(false);
		expect(list.filter(isActive).map((i) => i.booking.key.split(':')[1])).toEqual(['b4', 'b2']);
	});

	it('a declined, cancelled or expired request on a slot still to come is not upcoming', () => {
		const s = space(other, 'salon');
		const a = board(
			'A',
			[s],
			[
				{ id: 's1', space: s, start: NOW + HOUR, bookings: [[booking(me, 'no'), 'declined']] },
				{ id: 's2', space: s, start: NOW + HOUR, bookings: [[booking(me, 'off'), 'cancelled']] },
				{ id: 's3', space: s, start: NOW + HOUR, bookings: [[booking(me, 'late'), 'expired']] },
				{ id: 's4', space: s, start: NOW + HOUR, bookings: [[booking(me, 'wait'), 'waitlisted']] }
			]
		);
		const upcoming = myBookings([a], me, NOW).filter((i) => i.upcoming);
		expect(upcoming.map((i) => i.booking.key.split(':')[1])).toEqual(['wait']);
	});

	it('keeps a request whose slot is not on this device, as upcoming and not active', () => {
		const a = board('A', [], []);
		const lone = { ...booking(me, 'lone'), slotKey: `${other}:gone` };
		const snapshot = { ...a.cowork, bookings: new Map([[lone.key, lone]]) };
		const [item] = myBookings([{ ...a, cowork: snapshot }], me, NOW);
		expect(item).toMatchObject({ slot: null, space: null, state: null, upcoming: true });
		expect(item && isActive(item)).toBe(false);
	});
});

describe('my hosting across boards', () => {
	it('puts over-capacity first, then waiting requests with names, archived spaces last', () => {
		const quiet = space(me, 'quiet');
		const busy = space(me, 'busy');
		const over = space(me, 'over');
		const old = space(me, 'old', true);
		const theirs = space(other, 'theirs');
		const a = board(
			'A',
			[quiet, busy, old, theirs],
			[
				{ id: 'q1', space: quiet, start: NOW + HOUR },
				{ id: 'b-late', space: busy, start: NOW + 48 * HOUR },
				{
					id: 'b-soon',
					space: busy,
					start: NOW + 24 * HOUR,
					bookings: [
						[booking(guest(2), 'r2', 2), 'requested'],
						[booking(guest(1), 'r1', 1), 'requested'],
						[booking(guest(3), 'w', 3), 'waitlisted']
					]
				},
				{
					id: 'b-past',
					space: busy,
					start: NOW - 24 * HOUR,
					bookings: [[booking(guest(1), 'p', 0), 'requested']]
				},
				{ id: 'b-off', space: busy, start: NOW + HOUR, cancelled: true },
				{ id: 't1', space: theirs, start: NOW + HOUR }
			]
		);
		const b = board(
			'B',
			[over],
			[{ id: 'o1', space: over, start: NOW + 72 * HOUR, overCapacity: true }]
		);
		const names: Record<string, string> = { [guest(1)]: 'Ana', [guest(2)]: 'Bo' };
		const list = myHosting([a, b], me, NOW, (_board, id) => names[id] ?? '');
		expect(list.map((s) => s.space.title)).toEqual(['over', 'busy', 'quiet', 'old']);
		expect(list[0]).toMatchObject({ boardId: 'B', overCapacity: 1, waiting: 0 });
		const busyRow = list[1];
		// The waitlisted guest waits for my answer too (issue 17: "Mes accueils" left it out).
		expect(busyRow?.waiting).toBe(3);
		expect(busyRow?.slots.map((s) => s.state.slot.key.split(':')[1])).toEqual(['b-soon', 'b-late']);
		expect(busyRow?.slots[0]?.waitingNames).toEqual(['Ana', 'Bo', 'Un membre']);
		expect(list[3]?.slots).toEqual([]);
	});

	it('counts a waitlisted request as waiting for me, even when nothing else waits', () => {
		const s = space(me, 's');
		const a = board(
			'A',
			[s],
			[
				{
					id: 'x',
					space: s,
					start: NOW + HOUR,
					bookings: [[booking(guest(1), 'w'), 'waitlisted']]
				}
			]
		);
		const [hosted] = myHosting([a], me, NOW, () => 'Ana');
		expect(hosted?.waiting).toBe(1);
		expect(hosted?.slots[0]?.waitingNames).toEqual(['Ana']);
	});

	it('names a guest whose profile is unknown "Un membre"', () => {
		const s = space(me, 's');
		const a = board(
			'A',
			[s],
			[{ id: 'x', space: s, start: NOW + HOUR, bookings: [[booking(guest(9), 'r'), 'requested']] }]
		);
		expect(myHosting([a], me, NOW, () => '')[0]?.slots[0]?.waitingNames).toEqual(['Un membre']);
	});
});
