/**
 * The big board's coworking, written as the app writes it (state/board/cowork.svelte.ts and the
 * host's auto-accept upkeep): some members host a space (its address sealed to themselves), open
 * weekly series of slots, neighbours request seats, and each host's device writes its roster per
 * slot, confirming what fits with the address sealed to the guest and declining some of the rest.
 *
 * Every sitting is a Y.Doc (a Yjs client) of its own, as each app session is: it holds only what
 * the command needs (the space and the series, plus the requests when the host decides), because
 * the commands read the whole doc they are given (requestBooking derives the cowork view on each
 * call) and 50,000 calls on a full board would take hours. What each command writes is the same.
 */
import * as Y from 'yjs';
import * as bookings from '../../../src/lib/domain/cowork/booking-commands';
import * as spaces from '../../../src/lib/domain/cowork/space-commands';
import {
	bookingDetailsContext,
	spaceDetailsContext
} from '../../../src/lib/domain/cowork/seal-contexts';
import type { SpaceInput } from '../../../src/lib/domain/cowork/types';
import { readCowork } from '../../../src/lib/domain/cowork/view';
import { randomId } from '../../../src/lib/domain/ids';
import { openSet, sealToAll, type EncryptionKeys } from '../../../src/lib/domain/identity/sealed';

/** Every 4th member hosts: 50 spaces. */
export const HOST_EVERY = 4;
export const SERIES_PER_HOST = 10;
/** A series is a slot and the same slot on the following weeks (createSlots' repeatWeeks). */
export const WEEKS_PER_SERIES = 10;
/** Regulars of a series, each requesting a seat on every week of it. */
export const GUESTS_PER_SERIES = 10;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export interface CoworkMember {
	memberId: string;
	name: string;
	encryption: EncryptionKeys;
}

/** Seeded choices (mulberry32), so every build has the same shape. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A fresh sitting holding `base`; `written` is what the sitting added on top of it. */
function sitting(base: Uint8Array[]): { doc: Y.Doc; written: () => Uint8Array } {
	const doc = new Y.Doc();
	for (const u of base) Y.applyUpdate(doc, u);
	const before = Y.encodeStateVector(doc);
	return {
		doc,
		written: () => {
			const update = Y.encodeStateAsUpdate(doc, before);
			doc.destroy();
			return update;
		}
	};
}

const sealJson = (from: EncryptionKeys, to: string[], context: string, value: unknown) =>
	sealToAll(from.privateKey, from.publicKey, to, context, JSON.stringify(value));

function spaceInput(host: CoworkMember, h: number): SpaceInput {
	return {
		title: `Bureau au calme chez ${host.name}`,
		description:
			'Une grande table près de la fenêtre, du thé et du café. Idéal pour une journée concentrée.',
		city: 'Esch-sur-Alzette',
		neighbourhood: 'Brill',
		seats: 2 + (h % 5),
		amenities: h % 2 === 0 ? ['wifi', 'kitchen', 'quiet'] : ['wifi', 'calls', 'printer'],
		workMode: h % 3 === 0 ? 'quiet-chat' : 'silent',
		houseRules: 'Pas de visio sans casque. On range sa tasse.',
		autoAccept: h % 2 === 0,
		listed: h % 3 === 0
	};
}

/** Picks `n` distinct members other than `not`. */
function pick(members: CoworkMember[], n: number, not: string, rand: () => number): CoworkMember[] {
	const chosen = new Map<string, CoworkMember>();
	while (chosen.size < n) {
		const m = members[Math.floor(rand() * members.length)]!;
		if (m.memberId !== not) chosen.set(m.memberId, m);
	}
	return [...chosen.values()];
}

/**
 * Writes every host's space, series, their guests' requests and the host's rosters; hands each
 * sitting's update to `sink` in causal order. `t0` is the bench clock; series start 2 weeks
 * after it and every 6 weeks, so a board opened about 14 months later has most slots past and
 * the last series still upcoming.
 */
export async function writeCowork(
	members: CoworkMember[],
	t0: number,
	rand: () => number,
	sink: (update: Uint8Array) => void
): Promise<void> {
	const hosts = members.filter((_, m) => m % HOST_EVERY === 0);
	const sealKeys = new Map(members.map((m) => [m.memberId, m.encryption.publicKey]));
	for (const [h, host] of hosts.entries()) {
		const hostId = host.memberId;
		const details = { address: `${h + 1} rue des Tilleuls, 4040 Esch`, access: 'Sonner au 2e.' };
		const own = await sealJson(
			host.encryption,
			[host.encryption.publicKey],
			spaceDetailsContext(hostId),
			details
		);
		const input = spaceInput(host, h);
		const spaceSitting = sitting([]);
		const spaceKey = spaces.createSpace(spaceSitting.doc, hostId, input, own, t0 + h * HOUR);
		const space = spaceSitting.written();
		sink(space);
		// The host's one device: its id names its rosters.
		const deviceId = randomId();
		for (let s = 0; s < SERIES_PER_HOST; s++) {
			const start = t0 + (2 + 6 * s) * WEEK + (h % 5) * DAY + 9 * HOUR;
			const opening = sitting([space]);
			const slotKeys = spaces.createSlots(
				opening.doc,
				hostId,
				spaceKey,
				{
					start,
					end: start + 8 * HOUR,
					seats: input.seats,
					deadline: null,
					repeatWeeks: WEEKS_PER_SERIES - 1,
					seatPrice: s % 2 === 1 ? '8' : ''
				},
				start - 2 * WEEK
			);
			const series = opening.written();
			sink(series);
			const requests: Uint8Array[] = [];
			for (const [g, guest] of pick(members, GUESTS_PER_SERIES, hostId, rand).entries()) {
				requests.push(book(guest, [space, series], slotKeys, start - WEEK + g * HOUR, rand));
			}
			requests.forEach(sink);
			sink(
				await hostDecides(
					host,
					deviceId,
					input.autoAccept,
					[space, series, ...requests],
					slotKeys,
					start - 6 * DAY,
					own,
					sealKeys
				)
			);
		}
	}
}

/** A guest's sitting: a request on every week of the series, now and then one withdrawn. */
function book(
	guest: CoworkMember,
	base: Uint8Array[],
	slotKeys: string[],
	now: number,
	rand: () => number
): Uint8Array {
	const { doc, written } = sitting(base);
	const keys = slotKeys.map((slotKey, w) => {
		const seats = rand() < 0.1 ? 2 : 1;
		const message = rand() < 0.3 ? 'Bonjour, je viendrai avec mon portable et mes écouteurs.' : '';
		return bookings.requestBooking(doc, guest.memberId, slotKey, seats, message, now + w);
	});
	if (rand() < 0.2) {
		const key = keys[Math.floor(rand() * keys.length)]!;
		bookings.cancelBooking(doc, guest.memberId, key, 'Empêchement, désolé.', now + HOUR / 2);
	}
	return written();
}

/**
 * The host's device deciding a series, as the app does: the own copy of the address opened once,
 * then per slot one roster write confirming every request that fits (the address sealed to the
 * guest's key), and on spaces without auto-accept one waitlisted request declined.
 */
async function hostDecides(
	host: CoworkMember,
	deviceId: string,
	autoAccept: boolean,
	base: Uint8Array[],
	slotKeys: string[],
	now: number,
	own: Parameters<typeof openSet>[2],
	sealKeys: ReadonlyMap<string, string>
): Promise<Uint8Array> {
	const { doc, written } = sitting(base);
	const { privateKey, publicKey } = host.encryption;
	const plain = await openSet(privateKey, publicKey, own, spaceDetailsContext(host.memberId));
	if (plain === null) throw new Error('the host cannot open their own address');
	const details: unknown = JSON.parse(plain);
	const view = readCowork(doc, now);
	for (const slotKey of slotKeys) {
		const state = view.slots.get(slotKey)!;
		const changes: bookings.DecisionChange[] = [];
		for (const bookingKey of bookings.autoAcceptable(state)) {
			// sealKeysOfMember in the app: the guest's profile key (one device each here).
			const guestKey = sealKeys.get(bookingKey.split(':')[0]!)!;
			const context = bookingDetailsContext(bookingKey);
			const sealed = await sealJson(host.encryption, [guestKey], context, details);
			changes.push({ bookingKey, decision: 'confirmed', sealed, addressVersion: 1 });
		}
		const waiting = [...state.bookings.values()].find((b) => b.status === 'waitlisted');
		if (!autoAccept && waiting) {
			changes.push({
				bookingKey: waiting.bookingKey,
				decision: 'declined',
				reason: 'Complet ce jour-là, désolé.'
			});
		}
		if (changes.length > 0) bookings.decide(doc, host.memberId, deviceId, slotKey, changes, now);
	}
	return written();
}
