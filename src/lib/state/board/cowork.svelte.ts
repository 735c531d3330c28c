/**
 * Cowork on one open board (DESIGN.md §7): the derived snapshot pages read and the commands they
 * call (`session.cowork.confirm(key)`). What the host's device does by itself (auto-accept,
 * resealing addresses) is in cowork-upkeep.ts.
 */
import { checkInBooking } from '$lib/domain/checkin/commands';
import * as bookings from '$lib/domain/cowork/booking-commands';
import * as spaces from '$lib/domain/cowork/space-commands';
import { bookingDetailsContext, spaceDetailsContext } from '$lib/domain/cowork/seal-contexts';
import { overlappingBookings, readCowork, type CoworkView } from '$lib/domain/cowork/view';
import { ROOT } from '$lib/domain/board/schema';
import { NotFoundError, ValidationError, type FieldErrors } from '$lib/domain/errors';
import type { InvalidRecord } from '$lib/domain/board/types';
import type {
	Booking,
	PrivateDetails,
	SlotInput,
	Space,
	SpaceInput
} from '$lib/domain/cowork/types';
import { parseRecordKey } from '$lib/domain/ids';
import type { SealedSet } from '$lib/domain/identity/sealed';
import { mySealKeys, sealKeysOfMember } from '$lib/domain/identity/my-devices';
import { EMPTY_COWORK, type CoworkSnapshot } from './cowork-snapshot';
import { sameKeys } from './cowork-unsynced';
import type { BoardFeature } from './feature';
import type { MembersFeature } from './members.svelte';
import type { ModerationFeature } from './moderation.svelte';
import type { BoardScope } from './scope';
import { openSealedJson, PrivateDetailsJson, sealJson } from './sealed-json';
import { UnsyncedRecords } from './unsynced-records';

/** Already-opened private details of my spaces, by space key, for one upkeep run or command. */
export type DetailsCache = Map<string, Promise<PrivateDetails | null>>;

export class CoworkFeature implements BoardFeature {
	readonly name = 'cowork';
	readonly inputs = [ROOT.spaces, ROOT.slots, ROOT.bookings, ROOT.rosters, ROOT.checkins];
	/** Members: keys and names; moderation: who is removed or blocked. */
	readonly uses: readonly [MembersFeature, ModerationFeature];
	/** Requests expire and "late" starts by the clock. */
	readonly timed = true;

	/** Derived at `snapshot.now`, replaced whole on every change and every minute. */
	snapshot = $state.raw<CoworkSnapshot>(EMPTY_COWORK);

	/** Everything read, removed hosts' spaces included (a booking still names its space). */
	view: CoworkView = { spaces: new Map(), slots: new Map(), bookings: new Map() };
	readonly unsynced: UnsyncedRecords;

	constructor(
		private readonly scope: BoardScope,
		private readonly members: MembersFeature,
		private readonly moderation: ModerationFeature
	) {
		this.uses = [members, moderation];
		this.unsynced = new UnsyncedRecords(scope, () => this.publishUnsynced());
	}

	refresh(): InvalidRecord[] {
		const invalid: InvalidRecord[] = [];
		const { removed } = this.moderation;
		const now = Date.now();
		this.view = readCowork(this.scope.doc, now, removed, invalid, (id) =>
			this.moderation.blockedBy(id)
		);
		const { spaces: all, slots, bookings: requests } = this.view;
		const visible = new Map([...all].filter(([, space]) => !removed.has(space.hostId)));
		this.snapshot = {
			spaces: visible,
			slots,
			bookings: requests,
			unsynced: this.unsynced.keys(),
			now
		};
		return invalid;
	}

	// Commands. Validation errors carry field codes for the forms; nothing is caught here.

	async createSpace(input: SpaceInput, details: PrivateDetails): Promise<string> {
		const clean = checkSpace(input, details) ?? details;
		const sealed = await this.sealDetails(this.mine, spaceDetailsContext(this.me), clean);
		const { doc, origin } = this.scope;
		return spaces.createSpace(doc, this.me, input, sealed, Date.now(), origin);
	}

	/** `details` null keeps the address as it is; a new one is resealed for confirmed guests. */
	async editSpace(key: string, input: SpaceInput, details: PrivateDetails | null): Promise<void> {
		const clean = checkSpace(input, details);
		const sealed = clean
			? await this.sealDetails(this.mine, spaceDetailsContext(this.me), clean)
			: null;
		const { doc, origin } = this.scope;
		spaces.editSpace(doc, this.me, key, input, sealed, Date.now(), origin);
	}

	archiveSpace(key: string, archived: boolean): void {
		const { doc, origin } = this.scope;
		spaces.setSpaceArchived(doc, this.me, key, archived, Date.now(), origin);
	}

	/** The host's new list of photo hashes (issue 19); each photo is on the relay already. */
	setSpacePhotos(key: string, photos: readonly string[]): void {
		const { doc, origin } = this.scope;
		spaces.setSpacePhotos(doc, this.me, key, photos, Date.now(), origin);
	}

	/** The host's own copy of a space's address; null for anyone else. */
	async spacePrivateDetails(spaceKey: string): Promise<PrivateDetails | null> {
		const space = this.view.spaces.get(spaceKey);
		if (!space || space.hostId !== this.me || !space.privateSealed) return null;
		const context = spaceDetailsContext(this.me);
		return openSealedJson(this.scope.identity, space.privateSealed, context, PrivateDetailsJson);
	}

	createSlots(spaceKey: string, input: SlotInput): string[] {
		const { doc, origin } = this.scope;
		return spaces.createSlots(doc, this.me, spaceKey, input, Date.now(), origin);
	}

	cancelSlot(slotKey: string, reason: string): void {
		const { doc, origin } = this.scope;
		spaces.cancelSlot(doc, this.me, slotKey, reason, Date.now(), origin);
	}

	requestBooking(slotKey: string, seats: number, message: string): string {
		const { doc, origin } = this.scope;
		return bookings.requestBooking(doc, this.me, slotKey, seats, message, Date.now(), origin);
	}

	cancelBooking(bookingKey: string, reason: string): void {
		const { doc, origin } = this.scope;
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

	/**
	 * At the door: the guest's "je suis arrivé", or the host's "j'ai accueilli" — the host's
	 * device confirms first a request still waiting (same rules and sealed address as
	 * "Confirmer"), so one tap at the door is enough.
	 */
	async checkIn(bookingKey: string): Promise<void> {
		const slotKey = this.slotKeyOf(bookingKey);
		const state = this.view.slots.get(slotKey);
		const status = state?.bookings.get(bookingKey)?.status;
		if (state?.slot.hostId === this.me && (status === 'requested' || status === 'waitlisted')) {
			await this.confirm(bookingKey);
		}
		const { doc, origin } = this.scope;
		checkInBooking(doc, this.me, bookingKey, Date.now(), origin);
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
		const context = bookingDetailsContext(bookingKey);
		return openSealedJson(this.scope.identity, state.sealed, context, PrivateDetailsJson);
	}

	/** My active bookings on other slots overlapping this one: warn before requesting. */
	overlapping(slotKey: string): Booking[] {
		const slot = this.view.slots.get(slotKey)?.slot;
		return slot ? overlappingBookings(this.view, this.me, slot) : [];
	}

	/** Has this device's latest decision about the slot reached the relay? (host side) */
	decisionsUnsynced(slotKey: string): boolean {
		const { memberId, deviceId } = this.scope.identity;
		return this.snapshot.unsynced.has(bookings.rosterKey(memberId, slotKey, deviceId));
	}

	// For the host's upkeep (cowork-upkeep.ts) and the commands above.

	/** Writes this device's decisions on one of my slots (its roster record). */
	decide(slotKey: string, changes: bookings.DecisionChange[]): void {
		const { doc, origin } = this.scope;
		const { memberId, deviceId } = this.scope.identity;
		bookings.decide(doc, memberId, deviceId, slotKey, changes, Date.now(), origin);
	}

	/**
	 * A confirmation carrying the address sealed to the guest (context: the booking key, so the
	 * blob opens nowhere else). Sealed is null when the guest's profile has no encryption key yet
	 * or the host's copy cannot be read; the host's device reseals once it can.
	 */
	async confirmation(
		bookingKey: string,
		space: Space | null,
		cache: DetailsCache
	): Promise<bookings.DecisionChange> {
		const guestKeys = sealKeysOfMember(
			this.members.all,
			parseRecordKey(bookingKey)?.authorId ?? ''
		);
		const details = space?.privateSealed ? await this.ownDetails(space.key, cache) : null;
		let sealed: SealedSet | null = null;
		try {
			if (details && guestKeys.length > 0) {
				sealed = await this.sealDetails(guestKeys, bookingDetailsContext(bookingKey), details);
			}
		} catch (error) {
			// A published key that is not a point of the curve: confirm anyway, without the address,
			// rather than block every other guest; the error goes to the debug log.
			this.scope.reportError(error);
		}
		return {
			bookingKey,
			decision: 'confirmed',
			sealed,
			addressVersion: space?.addressVersion ?? 0
		};
	}

	/** My space's private details, opened at most once per `cache`. */
	ownDetails(spaceKey: string, cache: DetailsCache): Promise<PrivateDetails | null> {
		const known = cache.get(spaceKey) ?? this.spacePrivateDetails(spaceKey);
		cache.set(spaceKey, known);
		return known;
	}

	/** Seals a space's private details (only those two fields) to each key of `recipients`. */
	sealDetails(recipients: readonly string[], context: string, details: PrivateDetails) {
		const { address, access } = details;
		return sealJson(this.scope.identity, recipients, context, { address, access });
	}

	/** The keys my own copies are sealed to: my live devices. */
	get mine(): string[] {
		return mySealKeys(this.scope.identity);
	}

	private get me(): string {
		return this.scope.me;
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

	private publishUnsynced(): void {
		if (!this.scope.loaded || this.snapshot === EMPTY_COWORK) return;
		const unsynced = this.unsynced.keys();
		if (!sameKeys(unsynced, this.snapshot.unsynced)) this.snapshot = { ...this.snapshot, unsynced };
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
