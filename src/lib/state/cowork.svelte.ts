/**
 * Cowork on one open board (DESIGN.md §7): the derived snapshot pages read, the commands they
 * call, and what the host's device does by itself (auto-accept, resealing addresses). BoardSession
 * owns one of these and feeds it the doc's changes.
 */
import type * as Y from 'yjs';
import * as bookings from '$lib/domain/cowork/booking-commands';
import * as spaces from '$lib/domain/cowork/space-commands';
import { joinRosters } from '$lib/domain/cowork/booking-state';
import { readRosters } from '$lib/domain/cowork/read';
import { overlappingBookings, readCowork, type CoworkView } from '$lib/domain/cowork/view';
import { NotFoundError, RuleError, ValidationError, type FieldErrors } from '$lib/domain/errors';
import type { InvalidRecord } from '$lib/domain/board/types';
import type { MemberProfile } from '$lib/domain/members/types';
import type {
	Booking,
	PrivateDetails,
	SlotInput,
	Space,
	SpaceInput
} from '$lib/domain/cowork/types';
import { parseRecordKey } from '$lib/domain/ids';
import { isSealedToExactly, type SealedSet } from '$lib/domain/identity/sealed';
import { mySealKeys, sealKeysOfMember } from '$lib/domain/identity/my-devices';
import type { PendingChange, QuartierDb, StoredIdentity } from '$lib/persistence/db';
import * as pendingStore from '$lib/persistence/pending-store';
import { EMPTY_COWORK, type CoworkSnapshot } from './cowork-snapshot';
import { openSealedJson, PrivateDetailsJson, sealJson } from './sealed-json';
import { rangeOfRow, sameKeys, unsyncedKeys, type ClockRange } from './cowork-unsynced';

const NONE: ReadonlySet<string> = new Set();

/** Requests expire and "late" starts by the clock: re-derive states this often with no doc change. */
const TICK_MS = 60_000;
/** The host device's upkeep waits for a burst of updates (a catch-up) to end before it writes. */
const MAINTENANCE_DELAY_MS = 200;

/**
 * Context of the copy a host seals to themselves on a space. The space key is only drawn inside
 * the domain's createSpace, after sealing, so the context names the host instead: the blob is
 * sealed from the host to the host, nobody else can open it, and the only "substitution" possible
 * (one of my spaces' blob copied onto another of my spaces) is a host confusing themselves.
 * A guest's copy is bound to the booking key, which does exist before sealing.
 */
const spaceContext = (hostId: string) => `quartier/space-private/${hostId}`;

export interface CoworkDeps {
	doc: Y.Doc;
	db: QuartierDb;
	boardId: string;
	/** Origin of this device's own edits. */
	origin: unknown;
	identity: () => StoredIdentity;
	members: () => ReadonlyMap<string, MemberProfile>;
	/** Members an admin removed: their spaces, slots and unanswered requests are hidden. */
	removed: () => ReadonlySet<string>;
	/** Every member's block list: a host's blocked members cannot take their seats. */
	blocks: () => ReadonlyMap<string, ReadonlySet<string>>;
	loaded: () => boolean;
	reportError: (error: unknown) => void;
}

/** A local transaction not yet seen in the pending rows (the row is written asynchronously). */
interface LocalRange extends ClockRange {
	/** Number of the completed write that stored its row, once stored. */
	stored: number | null;
}

export class CoworkState {
	snapshot = $state.raw<CoworkSnapshot>(EMPTY_COWORK);

	private view: CoworkView = { spaces: new Map(), slots: new Map(), bookings: new Map() };
	private rows: readonly PendingChange[] = [];
	private local: LocalRange[] = [];
	private storedWrites = 0;
	private tick: ReturnType<typeof setInterval> | null = null;
	private stopWatch: () => void = () => {};
	private maintenanceTimer: ReturnType<typeof setTimeout> | null = null;
	private maintaining = false;
	private maintainAgain = false;
	private destroyed = false;

	constructor(private readonly deps: CoworkDeps) {}

	start(): void {
		this.stopWatch = pendingStore.watchPendingRows(
			this.deps.db,
			this.deps.boardId,
			() => this.storedWrites,
			(rows, seen) => {
				this.rows = rows;
				// Rows written before this query started are in `rows` now (or already acknowledged).
				this.local = this.local.filter((r) => r.stored === null || r.stored > seen);
				this.publishUnsynced();
			},
			this.deps.reportError
		);
		this.tick = setInterval(() => {
			if (this.deps.loaded()) this.refresh();
		}, TICK_MS);
	}

	destroy(): void {
		this.destroyed = true;
		this.stopWatch();
		if (this.tick) clearInterval(this.tick);
		if (this.maintenanceTimer) clearTimeout(this.maintenanceTimer);
	}

	/**
	 * A local transaction wrote `[from, to)` for `clientId`; `write` stores its pending row. Until
	 * a pending-rows query sees that row, the range is kept here, so a new booking never shows as
	 * synced for the instant between the edit and the row.
	 */
	noteLocal(clientId: number, from: number, to: number, write: Promise<unknown>): void {
		const range: LocalRange = { clientId, from, to, stored: null };
		this.local.push(range);
		this.publishUnsynced();
		// A failed write is reported by the session; the range then stays unsynced, which it is.
		write.then(
			() => (range.stored = ++this.storedWrites),
			() => {}
		);
	}

	/** Re-derives every state (the doc changed, or time passed); `invalid` collects bad records. */
	refresh(invalid: InvalidRecord[] = []): void {
		const removed = this.deps.removed();
		const blocks = this.deps.blocks();
		this.view = readCowork(
			this.deps.doc,
			Date.now(),
			removed,
			invalid,
			(id) => blocks.get(id) ?? NONE
		);
		const { spaces: all, slots, bookings: requests } = this.view;
		const visible = new Map([...all].filter(([, space]) => !removed.has(space.hostId)));
		this.snapshot = {
			spaces: visible,
			slots,
			bookings: requests,
			unsynced: this.unsynced(),
			now: Date.now()
		};
		this.scheduleMaintenance();
	}

	// Commands. Validation errors carry field codes for the forms; nothing is caught here.

	async createSpace(input: SpaceInput, details: PrivateDetails): Promise<string> {
		const clean = checkSpace(input, details) ?? details;
		const sealed = await this.sealDetails(mySealKeys(this.keys), this.ownContext, clean);
		return spaces.createSpace(this.deps.doc, this.me, input, sealed, Date.now(), this.deps.origin);
	}

	/** `details` null keeps the address as it is; a new one is resealed for confirmed guests. */
	async editSpace(key: string, input: SpaceInput, details: PrivateDetails | null): Promise<void> {
		const clean = checkSpace(input, details);
		const sealed = clean
			? await this.sealDetails(mySealKeys(this.keys), this.ownContext, clean)
			: null;
		const { doc, origin } = this.deps;
		spaces.editSpace(doc, this.me, key, input, sealed, Date.now(), origin);
	}

	archiveSpace(key: string, archived: boolean): void {
		spaces.setSpaceArchived(this.deps.doc, this.me, key, archived, Date.now(), this.deps.origin);
	}

	/** The host's own copy of a space's address; null for anyone else. */
	async spacePrivateDetails(spaceKey: string): Promise<PrivateDetails | null> {
		const space = this.view.spaces.get(spaceKey);
		if (!space || space.hostId !== this.me || !space.privateSealed) return null;
		return openSealedJson(this.keys, space.privateSealed, this.ownContext, PrivateDetailsJson);
	}

	createSlots(spaceKey: string, input: SlotInput): string[] {
		const { doc, origin } = this.deps;
		return spaces.createSlots(doc, this.me, spaceKey, input, Date.now(), origin);
	}

	cancelSlot(slotKey: string, reason: string): void {
		spaces.cancelSlot(this.deps.doc, this.me, slotKey, reason, Date.now(), this.deps.origin);
	}

	requestBooking(slotKey: string, seats: number, message: string): string {
		const { doc, origin } = this.deps;
		return bookings.requestBooking(doc, this.me, slotKey, seats, message, Date.now(), origin);
	}

	cancelBooking(bookingKey: string, reason: string): void {
		const { doc, origin } = this.deps;
		bookings.cancelBooking(doc, this.me, bookingKey, reason, Date.now(), origin);
	}

	/** Confirms a request, sealing the address to the guest (or not yet, if they have no key). */
	async confirm(bookingKey: string): Promise<void> {
		const slotKey = this.slotKeyOf(bookingKey);
		const space = this.spaceOfSlot(slotKey);
		const change = await this.confirmation(bookingKey, space, new Map());
		this.decide(slotKey, [change]);
	}

	decline(bookingKey: string, reason = ''): void {
		this.decide(this.slotKeyOf(bookingKey), [{ bookingKey, decision: 'declined', reason }]);
	}

	hostCancel(bookingKey: string, reason: string): void {
		this.decide(this.slotKeyOf(bookingKey), [{ bookingKey, decision: 'cancelled', reason }]);
	}

	markNoShow(bookingKey: string): void {
		this.decide(this.slotKeyOf(bookingKey), [{ bookingKey, decision: 'no-show' }]);
	}

	/** For the confirmed guest only: the address the host sealed to them. */
	async openAddress(bookingKey: string): Promise<PrivateDetails | null> {
		if (parseRecordKey(bookingKey)?.authorId !== this.me) return null;
		const slotKey = this.view.bookings.get(bookingKey)?.slotKey ?? '';
		const state = this.view.slots.get(slotKey)?.bookings.get(bookingKey);
		if (state?.status !== 'confirmed' || !state.sealed) return null;
		return openSealedJson(this.keys, state.sealed, bookingKey, PrivateDetailsJson);
	}

	/** My active bookings on other slots overlapping this one: warn before requesting. */
	overlapping(slotKey: string): Booking[] {
		const slot = this.view.slots.get(slotKey)?.slot;
		return slot ? overlappingBookings(this.view, this.me, slot) : [];
	}

	/** Has this device's latest decision about the slot reached the relay? (host side) */
	decisionsUnsynced(slotKey: string): boolean {
		const { memberId, deviceId } = this.deps.identity();
		return this.snapshot.unsynced.has(bookings.rosterKey(memberId, slotKey, deviceId));
	}

	private get me(): string {
		return this.deps.identity().memberId;
	}

	private get keys() {
		return this.deps.identity();
	}

	private get ownContext(): string {
		return spaceContext(this.me);
	}

	/** Seals a space's private details (only those two fields) to each key of `recipients`. */
	private sealDetails(recipients: readonly string[], context: string, details: PrivateDetails) {
		const { address, access } = details;
		return sealJson(this.keys, recipients, context, { address, access });
	}

	private slotKeyOf(bookingKey: string): string {
		const slotKey = this.view.bookings.get(bookingKey)?.slotKey;
		if (!slotKey) throw new NotFoundError(bookingKey);
		return slotKey;
	}

	private spaceOfSlot(slotKey: string): Space | null {
		const spaceKey = this.view.slots.get(slotKey)?.slot.spaceKey ?? '';
		return this.view.spaces.get(spaceKey) ?? null;
	}

	private decide(slotKey: string, changes: bookings.DecisionChange[]): void {
		const { doc, origin } = this.deps;
		const { memberId, deviceId } = this.deps.identity();
		bookings.decide(doc, memberId, deviceId, slotKey, changes, Date.now(), origin);
	}

	/**
	 * A confirmation carrying the address sealed to the guest (context: the booking key, so the
	 * blob opens nowhere else). Sealed is null when the guest's profile has no encryption key yet
	 * or the host's copy cannot be read; the host's device reseals once it can.
	 */
	private async confirmation(
		bookingKey: string,
		space: Space | null,
		cache: Map<string, Promise<PrivateDetails | null>>
	): Promise<bookings.DecisionChange> {
		const guestId = parseRecordKey(bookingKey)?.authorId ?? '';
		const guestKeys = sealKeysOfMember(this.deps.members(), guestId);
		let details: PrivateDetails | null = null;
		if (space?.privateSealed) {
			const known = cache.get(space.key) ?? this.spacePrivateDetails(space.key);
			cache.set(space.key, known);
			details = await known;
		}
		let sealed: SealedSet | null = null;
		try {
			if (details && guestKeys.length > 0) {
				sealed = await this.sealDetails(guestKeys, bookingKey, details);
			}
		} catch (error) {
			// A published key that is not a point of the curve: confirm anyway, without the address,
			// rather than block every other guest; the error goes to the debug log.
			this.deps.reportError(error);
		}
		return {
			bookingKey,
			decision: 'confirmed',
			sealed,
			addressVersion: space?.addressVersion ?? 0
		};
	}

	private unsynced(): Set<string> {
		const ranges = [...this.rows.map(rangeOfRow), ...this.local];
		return unsyncedKeys(this.deps.doc, this.me, ranges);
	}

	private publishUnsynced(): void {
		if (!this.deps.loaded() || this.snapshot === EMPTY_COWORK) return;
		const unsynced = this.unsynced();
		if (!sameKeys(unsynced, this.snapshot.unsynced)) this.snapshot = { ...this.snapshot, unsynced };
	}

	// The host device's upkeep: after changes settle, one run at a time.

	private scheduleMaintenance(): void {
		if (this.maintenanceTimer || this.destroyed) return;
		this.maintenanceTimer = setTimeout(() => {
			this.maintenanceTimer = null;
			void this.runMaintenance();
		}, MAINTENANCE_DELAY_MS);
	}

	private async runMaintenance(): Promise<void> {
		if (this.maintaining) {
			this.maintainAgain = true;
			return;
		}
		this.maintaining = true;
		try {
			if (this.deps.loaded() && !this.destroyed) await this.maintain();
		} catch (error) {
			this.deps.reportError(error);
		} finally {
			this.maintaining = false;
			if (this.maintainAgain) {
				this.maintainAgain = false;
				this.scheduleMaintenance();
			}
		}
	}

	/**
	 * My spaces' private details, sealed again when my devices changed (one linked or taken
	 * back), so every device of mine that is still mine can open them and no other can.
	 */
	private async resealOwnSpaces(cache: Map<string, Promise<PrivateDetails | null>>) {
		const mine = mySealKeys(this.keys);
		for (const space of this.view.spaces.values()) {
			if (space.hostId !== this.me || !space.privateSealed) continue;
			if (isSealedToExactly(space.privateSealed, mine)) continue;
			const known = cache.get(space.key) ?? this.spacePrivateDetails(space.key);
			cache.set(space.key, known);
			const details = await known;
			// Not readable on this device (sealed before it was linked): another of mine will do it.
			if (!details || this.destroyed) continue;
			const sealed = await this.sealDetails(mine, this.ownContext, details);
			spaces.resealSpaceDetails(this.deps.doc, this.me, space.key, sealed, this.deps.origin);
		}
	}

	/**
	 * On my own slots: (a) auto-accept confirms every request that fits, in request order (the
	 * rest stay waitlisted and move up as seats free); (b) confirmations whose sealed address is
	 * missing or outdated are sealed again (a reseal keeps the confirmation's place in order).
	 */
	private async maintain(): Promise<void> {
		const me = this.me;
		const view = this.view;
		const members = this.deps.members();
		const rosters = readRosters(this.deps.doc);
		const cache = new Map<string, Promise<PrivateDetails | null>>();
		await this.resealOwnSpaces(cache);
		for (const state of view.slots.values()) {
			const { slot } = state;
			if (slot.hostId !== me || slot.cancelled) continue;
			const space = view.spaces.get(slot.spaceKey) ?? null;
			if (!space) continue;
			const changes: bookings.DecisionChange[] = [];
			// Archiving only stops listing the space: its open slots stay bookable, and auto-accepted.
			if (space.autoAccept) {
				for (const key of bookings.autoAcceptable(state)) {
					// Wait for the guest's profile (signature checked), so the address goes out sealed.
					if (!members.has(parseRecordKey(key)?.authorId ?? '')) continue;
					changes.push(await this.confirmation(key, space, cache));
				}
			}
			const entries = joinRosters(rosters.get(slot.key) ?? []).entries;
			for (const [key, booking] of state.bookings) {
				const entry = entries.get(key);
				if (booking.status !== 'confirmed' || !entry) continue;
				const guestKeys = sealKeysOfMember(
					this.deps.members(),
					parseRecordKey(key)?.authorId ?? ''
				);
				const stale =
					entry.addressVersion < space.addressVersion ||
					(guestKeys.length > 0 && !(entry.sealed && isSealedToExactly(entry.sealed, guestKeys)));
				if (!stale) continue;
				const change = await this.confirmation(key, space, cache);
				// Nothing better to write (no key, address unreadable): writing would loop forever.
				if (change.sealed) changes.push(change);
			}
			if (changes.length === 0 || this.destroyed) continue;
			try {
				this.decide(slot.key, changes);
			} catch (error) {
				// Not a fault: the slot changed while we sealed (a guest cancelled, another device
				// decided). That change refreshed the states and queued another run on them.
				if (!(error instanceof RuleError || error instanceof NotFoundError)) throw error;
			}
		}
	}
}

/** Checks the public fields and the private ones together, so the form shows every error at once. */
function checkSpace(input: SpaceInput, details: PrivateDetails | null): PrivateDetails | null {
	const errors: FieldErrors = {};
	const collect = (check: () => unknown) => {
		try {
			check();
		} catch (error) {
			if (!(error instanceof ValidationError)) throw error;
			Object.assign(errors, error.fields);
		}
	};
	collect(() => spaces.validateSpaceInput(input));
	const clean = details && { address: details.address.trim(), access: details.access.trim() };
	if (clean) collect(() => spaces.validatePrivateDetails(clean.address, clean.access));
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return clean;
}
