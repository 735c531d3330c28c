/**
 * The cowork relay tests' board: one space and its slots at fixed times (every command gets an
 * explicit time, and every view is read at READ_AT, so derived states do not depend on the clock
 * of the machine running the tests), and readers of what each replica derives from its doc.
 */
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../../src/lib/domain/board/schema';
import type { InvalidRecord } from '../../src/lib/domain/board/types';
import { createSlots, createSpace } from '../../src/lib/domain/cowork/space-commands';
import type {
	BookingStatus,
	RosterEntry,
	SlotInput,
	SpaceInput
} from '../../src/lib/domain/cowork/types';
import { readCowork } from '../../src/lib/domain/cowork/view';
import { seal, type EncryptionKeys } from '../../src/lib/domain/identity/sealed';
import { waitFor, type SyncClient } from './clients';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A Monday morning in 2030: "now" for every command. */
export const T0 = Date.UTC(2030, 5, 3, 7);
/** Before the slot's deadline: requests left unanswered are still waiting, not expired. */
export const READ_AT = T0 + 2 * HOUR;
const SLOT: Omit<SlotInput, 'seats'> = {
	start: T0 + 2 * DAY,
	end: T0 + 2 * DAY + 8 * HOUR,
	deadline: null,
	repeatWeeks: 0
};
const SPACE: SpaceInput = {
	title: 'Bureau sur cour',
	description: 'Deux places au calme, fenêtre sur le jardin.',
	city: 'Lyon',
	neighbourhood: 'Croix-Rousse',
	seats: 4,
	amenities: ['wifi', 'kitchen'],
	workMode: 'silent',
	houseRules: 'Chaussons fournis.',
	autoAccept: false
};
export const STREET = '12 rue des Tables-Claudiennes';
export const ADDRESS = JSON.stringify({
	address: `${STREET}, 69001 Lyon`,
	access: 'code 4821B, 3e'
});
/** Where the host's own copy of the address is bound (a space has no key before it is written). */
const SPACE_ADDRESS_CONTEXT = 'space-address';

/** The host opens a space (its address sealed to its own key) and one slot of `seats`. */
export async function openSlot(
	host: SyncClient,
	keys: EncryptionKeys,
	seats: number
): Promise<{ spaceKey: string; slotKey: string }> {
	const hostId = host.member.memberId;
	const privateSealed = await seal(
		keys.privateKey,
		keys.publicKey,
		keys.publicKey,
		SPACE_ADDRESS_CONTEXT,
		ADDRESS
	);
	const spaceKey = createSpace(host.doc, hostId, SPACE, privateSealed, T0);
	const [slotKey] = createSlots(host.doc, hostId, spaceKey, { ...SLOT, seats }, T0);
	if (slotKey === undefined) throw new Error('no slot created');
	return { spaceKey, slotKey };
}

export const hasSlot = (client: SyncClient, slotKey: string) =>
	readCowork(client.doc, READ_AT).slots.has(slotKey);

export function statuses(
	doc: Y.Doc,
	slotKey: string,
	bookingKeys: string[]
): (BookingStatus | undefined)[] {
	const slot = readCowork(doc, READ_AT).slots.get(slotKey);
	return bookingKeys.map((key) => slot?.bookings.get(key)?.status);
}

/** Everything cowork derives from a doc, as one string: equal strings, equal views. */
export function view(doc: Y.Doc): string {
	const { spaces, slots, bookings } = readCowork(doc, READ_AT);
	const sorted = <T>(map: Map<string, T>) =>
		[...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return JSON.stringify({
		spaces: sorted(spaces),
		slots: sorted(slots).map(([key, s]) => [key, { ...s, bookings: sorted(s.bookings) }]),
		bookings: sorted(bookings)
	});
}

export function invalidRecords(doc: Y.Doc): InvalidRecord[] {
	const invalid: InvalidRecord[] = [];
	readCowork(doc, READ_AT, new Set(), invalid);
	return invalid;
}

/** A roster record as a host's device writes it (valid in shape: only its author is wrong). */
export function roster(slotKey: string, seq: number, entries: Record<string, RosterEntry>) {
	return { schemaVersion: SCHEMA_VERSION, slot: slotKey, seq, entries };
}

export function entry(decision: RosterEntry['decision'], seq: number, seats: number): RosterEntry {
	const reason = decision === 'cancelled' ? 'Annulé' : '';
	return {
		decision,
		seq,
		at: T0 + HOUR,
		seats,
		reason,
		sealed: null,
		addressVersion: 0,
		device: ''
	};
}

export const stateVector = (doc: Y.Doc) =>
	JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b));

export const who = (client: SyncClient) =>
	`member ${client.member.memberId}, client ${client.doc.clientID}`;

/**
 * Every client connected, synced, its own writes acknowledged by the relay (committed to storage),
 * and holding the same updates as the others.
 */
export async function settled(clients: SyncClient[], what: string): Promise<void> {
	await waitFor(
		() =>
			clients.every((c) => c.provider.synced && c.isAcked()) &&
			new Set(clients.map((c) => stateVector(c.doc))).size === 1,
		() =>
			`${what}:\n${clients
				.map((c) =>
					JSON.stringify({
						who: who(c),
						synced: c.provider.synced,
						acked: c.isAcked(),
						sv: stateVector(c.doc),
						refusals: c.refusals,
						closes: c.closes
					})
				)
				.join('\n')}`
	);
}
