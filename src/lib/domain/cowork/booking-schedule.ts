/**
 * One random booking schedule (see bookings.property.test.ts): replicas, operations, delivery,
 * and the rules checked at every step. Only imported by that test.
 */
import * as Y from 'yjs';
import { NotFoundError, RuleError, ValidationError } from '../errors';
import { FAKE_SEALED as SEALED, memberId, prng } from '../test-helpers';
import * as bookings from './booking-commands';
import * as spaces from './space-commands';
import type { SlotState } from './types';
import { readCowork, type CoworkView } from './view';
import { Network } from './booking-network';
import {
	confirmationsIn,
	pickDecision,
	rosterDevicesBySlot,
	short
} from './booking-schedule-helpers';

export const SCHEDULES = Number(process.env.COWORK_SCHEDULES ?? 2000);
const STEPS = 60;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 6);
const LOCAL = Symbol('local');

interface Replica {
	index: number;
	doc: Y.Doc;
	member: string;
	deviceId: string;
	role: 'host' | 'guest';
	online: boolean;
	/** Booking keys this replica has shown as confirmed. */
	seenConfirmed: Set<string>;
	/** Host confirmations (booking, deciding device, sequence) this replica has received. */
	knownConfirmations: Set<string>;
}

interface Stats {
	schedules: number;
	steps: number;
	checks: number;
	confirmed: number;
	overCapacity: number;
	expired: number;
	waitlisted: number;
	decisions: number;
	autoAccepted: number;
}

export const stats: Stats = {
	schedules: 0,
	steps: 0,
	checks: 0,
	confirmed: 0,
	overCapacity: 0,
	expired: 0,
	waitlisted: 0,
	decisions: 0,
	autoAccepted: 0
};

/** A replica's view, in a form two replicas can be compared by (order-free). */
function normalize(view: CoworkView): string {
	const slots = [...view.slots.values()]
		.sort((a, b) => (a.slot.key < b.slot.key ? -1 : 1))
		.map((s) => ({
			slot: s.slot.key,
			cancelled: s.slot.cancelled,
			confirmedSeats: s.confirmedSeats,
			overCapacity: s.overCapacity,
			bookings: [...s.bookings.values()].sort((a, b) => (a.bookingKey < b.bookingKey ? -1 : 1))
		}));
	return JSON.stringify(slots);
}

export function runSchedule(seed: number): void {
	const rnd = prng(seed);
	let now = T0;
	// One schedule in three is about the hard case: one host on two phones deciding about small
	// slots (the only way confirmations can meet beyond capacity), among 2–4 guests.
	const twoPhoneHost = seed % 3 === 0;
	const count = twoPhoneHost ? 4 + rnd.int(3) : 3 + rnd.int(6);
	const host = memberId(`host-${seed}`);
	const secondHost = memberId(`host2-${seed}`);
	// Replica 0 is the host; replica 1 is sometimes the same host's second phone.
	const twoDevices = twoPhoneHost || (count >= 4 && rnd.next() < 0.5);
	const withSecondHost = !twoPhoneHost && count >= 5 && rnd.next() < 0.5;
	const replicas: Replica[] = [];
	for (let i = 0; i < count; i++) {
		const isHost = i === 0 || (i === 1 && twoDevices);
		const isSecondHost = !isHost && i === 2 && withSecondHost;
		replicas.push({
			index: i,
			doc: new Y.Doc(),
			member: isHost ? host : isSecondHost ? secondHost : memberId(`guest-${seed}-${i}`),
			deviceId: `device${String(i).padStart(16, '0')}`,
			role: isHost || isSecondHost ? 'host' : 'guest',
			online: true,
			seenConfirmed: new Set(),
			knownConfirmations: new Set()
		});
	}
	const history: string[] = [];
	const net = new Network(replicas, rnd, history);

	// Setup: each host opens a space and a few slots, seen by everyone before the schedule.
	const slotKeys: string[] = [];
	for (const r of replicas.filter((r) => r.role === 'host' && r.index !== 1)) {
		const space = spaces.createSpace(
			r.doc,
			r.member,
			{
				title: 'Salon',
				description: '',
				city: 'Lyon',
				neighbourhood: '',
				seats: 4,
				amenities: [],
				workMode: 'silent',
				houseRules: '',
				autoAccept: r.member === secondHost
			},
			SEALED,
			now,
			LOCAL
		);
		for (let s = 0; s < 2; s++) {
			const start = now + (2 + rnd.int(10)) * HOUR;
			slotKeys.push(
				...spaces.createSlots(
					r.doc,
					r.member,
					space,
					{
						start,
						end: start + 4 * HOUR,
						seats: 1 + rnd.int(twoPhoneHost ? 2 : 3),
						deadline: start - rnd.int(2) * HOUR,
						repeatWeeks: 0
					},
					now,
					LOCAL
				)
			);
		}
	}
	net.deliverAllInOrder();

	const views = new Map<Replica, CoworkView>();

	const fail = (message: string): never => {
		throw new Error(`${message}\nschedule (seed ${seed}):\n${history.join('\n')}`);
	};

	/** The invariants, on one replica, now. */
	function check(r: Replica): void {
		stats.checks++;
		// The gate takes updates whole: Yjs never holds half of one (deletions without structs).
		if (r.doc.store.pendingStructs || r.doc.store.pendingDs) fail(`replica ${r.index}: pending`);
		const view = readCowork(r.doc, now);
		views.set(r, view);
		const rosterDevices = rosterDevicesBySlot(r.doc);
		// A confirmed booking may give way only when a confirmation this replica did not know
		// arrives (two host devices met); never because of any later, unrelated decision.
		const confirmations = confirmationsIn(r.doc);
		const learned = [...confirmations].some((c) => !r.knownConfirmations.has(c));
		r.knownConfirmations = confirmations;
		for (const state of view.slots.values()) {
			let seats = 0;
			for (const b of state.bookings.values()) if (b.status === 'confirmed') seats += b.seats;
			if (seats > state.slot.seats || state.confirmedSeats !== seats) {
				fail(`replica ${r.index}: ${seats} confirmed seats on a slot of ${state.slot.seats}`);
			}
			const devices = rosterDevices.get(state.slot.key)?.size ?? 0;
			for (const b of state.bookings.values()) {
				// Only two of the host's devices deciding at once may overflow a slot.
				if (b.status === 'over-capacity' && devices < 2) {
					fail(`replica ${r.index}: ${b.bookingKey} over capacity with one host device`);
				}
				if (b.status === 'confirmed') {
					r.seenConfirmed.add(b.bookingKey);
					continue;
				}
				if (!r.seenConfirmed.has(b.bookingKey)) continue;
				const explicit = b.status === 'cancelled' || b.status === 'no-show';
				const exception = b.status === 'over-capacity' && learned;
				if (!explicit && !exception) {
					fail(`replica ${r.index}: booking ${b.bookingKey} was confirmed, now ${b.status}`);
				}
				if (exception) {
					stats.overCapacity++;
					// Shown as given way now: from here on, it is judged like any unconfirmed booking.
					r.seenConfirmed.delete(b.bookingKey);
				}
			}
		}
	}

	function sameUpdatesSameStates(): void {
		const groups = new Map<string, Replica[]>();
		for (const r of replicas) {
			const sv = Y.encodeStateVector(r.doc).join(',');
			groups.set(sv, [...(groups.get(sv) ?? []), r]);
		}
		for (const group of groups.values()) {
			if (group.length < 2) continue;
			const first = normalize(views.get(group[0]!) ?? readCowork(group[0]!.doc, now));
			for (const other of group.slice(1)) {
				const view = normalize(views.get(other) ?? readCowork(other.doc, now));
				if (view !== first) {
					fail(`replicas ${group[0]!.index} and ${other.index} hold the same updates, differ`);
				}
			}
		}
	}

	function attempt(label: string, action: () => void): void {
		try {
			action();
			if (label.includes(' confirmed ')) stats.decisions++;
			if (label.includes('auto-accepts')) stats.autoAccepted++;
			history.push(label);
		} catch (error) {
			// Refusals are the commands doing their job (full slot, deadline passed…).
			if (!(
				error instanceof RuleError ||
				error instanceof NotFoundError ||
				error instanceof ValidationError
			))
				throw error;
			history.push(`${label} → refused ${(error as Error).message}`);
		}
	}

	for (let step = 0; step < STEPS; step++) {
		stats.steps++;
		const changed = new Set<Replica>();
		const roll = rnd.next();
		// Guests' and hosts' operations pick an actor of that role; the rest any replica.
		const role = roll < 0.3 ? 'guest' : roll < 0.57 ? 'host' : null;
		const actor = rnd.pick(replicas.filter((r) => !role || r.role === role))!;
		const view = readCowork(actor.doc, now);
		const slotStates = [...view.slots.values()];
		if (roll < 0.25) {
			const state = rnd.pick(slotStates);
			if (state) {
				const seats = 1 + rnd.int(2);
				attempt(`${actor.index} requests ${seats} on ${short(state.slot.key)}`, () =>
					bookings.requestBooking(actor.doc, actor.member, state.slot.key, seats, '', now, LOCAL)
				);
				changed.add(actor);
			}
		} else if (roll < 0.3) {
			const mine = [...view.bookings.values()].filter((b) => b.guestId === actor.member);
			const booking = rnd.pick(mine);
			if (booking) {
				attempt(`${actor.index} cancels ${short(booking.key)}`, () =>
					bookings.cancelBooking(actor.doc, actor.member, booking.key, 'empêchement', now, LOCAL)
				);
				changed.add(actor);
			}
		} else if (roll < 0.5) {
			const own = slotStates.filter((s) => s.slot.hostId === actor.member);
			const state = rnd.pick(own);
			const booking = state && rnd.pick([...state.bookings.values()]);
			if (state && booking) {
				const decision = pickDecision(booking.status, rnd.next());
				attempt(`${actor.index} ${decision} ${short(booking.bookingKey)}`, () =>
					bookings.decide(
						actor.doc,
						actor.member,
						actor.deviceId,
						state.slot.key,
						[{ bookingKey: booking.bookingKey, decision, reason: 'raison' }],
						now,
						LOCAL
					)
				);
				changed.add(actor);
			}
		} else if (roll < 0.56) {
			// The auto-accept pass a host's device runs whenever it sees new requests.
			for (const state of slotStates) {
				const space = view.spaces.get(state.slot.spaceKey);
				const keys = bookings.autoAcceptable(state);
				if (state.slot.hostId !== actor.member || !space?.autoAccept || keys.length === 0) continue;
				attempt(`${actor.index} auto-accepts ${keys.map(short).join(',')}`, () =>
					bookings.decide(
						actor.doc,
						actor.member,
						actor.deviceId,
						state.slot.key,
						keys.map((bookingKey) => ({ bookingKey, decision: 'confirmed' as const })),
						now,
						LOCAL
					)
				);
				changed.add(actor);
			}
		} else if (roll < 0.57) {
			const state = rnd.pick(slotStates.filter((s) => s.slot.hostId === actor.member));
			if (state) {
				attempt(`${actor.index} cancels slot ${short(state.slot.key)}`, () =>
					spaces.cancelSlot(actor.doc, actor.member, state.slot.key, 'imprévu', now, LOCAL)
				);
				changed.add(actor);
			}
		} else if (roll < 0.8) {
			// Deliver a few messages in any order, some twice, some lost (booking-network.ts).
			for (const i of net.deliverSome()) changed.add(replicas[i]!);
		} else if (roll < 0.86) {
			// A packet: one member's writes handed over at the door.
			const to = net.handPacket();
			if (to !== null) changed.add(replicas[to]!);
		} else if (roll < 0.93) {
			actor.online = !actor.online;
			history.push(`${actor.index} ${actor.online ? 'reconnects' : 'goes offline'}`);
			if (actor.online) {
				// Reconnecting catches up both ways with a peer (the relay's sync steps).
				const peer = rnd.pick(replicas.filter((p) => p !== actor && p.online));
				if (peer) {
					net.syncBothWays(actor.index, peer.index);
					changed.add(actor).add(peer);
				}
			}
		} else {
			now += rnd.int(3 * HOUR);
			history.push(`time +${Math.round((now - T0) / 60000)} min`);
			for (const r of replicas) changed.add(r);
		}
		for (const r of changed) check(r);
		sameUpdatesSameStates();
	}

	// Everyone back online and fully synced: one view.
	for (const r of replicas) r.online = true;
	for (let round = 0; round < 2; round++) {
		for (const a of replicas)
			for (const b of replicas) if (a !== b) net.syncBothWays(a.index, b.index);
	}
	if (net.heldCount() > 0) fail(`${net.heldCount()} updates still held after a full sync`);
	for (const r of replicas) check(r);
	const final = normalize(views.get(replicas[0]!)!);
	for (const r of replicas) {
		if (normalize(views.get(r)!) !== final) fail(`replica ${r.index} differs after full sync`);
	}
	for (const state of views.get(replicas[0]!)!.slots.values()) countStates(state);
	for (const r of replicas) r.doc.destroy();
	stats.schedules++;
}

function countStates(state: SlotState): void {
	for (const b of state.bookings.values()) {
		if (b.status === 'confirmed') stats.confirmed++;
		if (b.status === 'expired') stats.expired++;
		if (b.status === 'waitlisted') stats.waitlisted++;
	}
}
