/**
 * What the host's device does by itself on my slots and spaces, as upkeep services (upkeep.ts):
 * auto-accept confirms requests that fit, in request order (the rest stay waitlisted and move up
 * as seats free); resealing keeps every address readable by exactly the devices that should read
 * it, after a device was linked or taken back, or the address changed.
 */
import * as bookings from '$lib/domain/cowork/booking-commands';
import { joinRosters } from '$lib/domain/cowork/booking-state';
import { readRosters } from '$lib/domain/cowork/read';
import { spaceDetailsContext } from '$lib/domain/cowork/seal-contexts';
import * as spaces from '$lib/domain/cowork/space-commands';
import type { SlotState, Space } from '$lib/domain/cowork/types';
import { NotFoundError, RuleError } from '$lib/domain/errors';
import { parseRecordKey } from '$lib/domain/ids';
import { isSealedToExactly } from '$lib/domain/identity/sealed';
import { sealKeysOfMember } from '$lib/domain/identity/my-devices';
import type { CoworkFeature, DetailsCache } from './cowork.svelte';
import type { MembersFeature } from './members.svelte';
import type { BoardScope } from './scope';
import type { UpkeepService } from './upkeep';

type SlotChanges = (
	state: SlotState,
	space: Space,
	cache: DetailsCache
) => Promise<bookings.DecisionChange[]>;

/** Runs `changesOn` over my open slots and writes what it returns, one decision per slot. */
async function onMySlots(scope: BoardScope, cowork: CoworkFeature, changesOn: SlotChanges) {
	const cache: DetailsCache = new Map();
	const view = cowork.view;
	for (const state of view.slots.values()) {
		const { slot } = state;
		if (slot.hostId !== scope.me || slot.cancelled) continue;
		const space = view.spaces.get(slot.spaceKey);
		if (!space) continue;
		const changes = await changesOn(state, space, cache);
		if (changes.length === 0 || !scope.active) continue;
		try {
			cowork.decide(slot.key, changes);
		} catch (error) {
			// Not a fault: the slot changed while we sealed (a guest cancelled, another device
			// decided). That change refreshed the states and scheduled another run on them.
			if (!(error instanceof RuleError || error instanceof NotFoundError)) throw error;
		}
	}
}

/** Confirms, on my auto-accepting spaces, every request that fits. */
export function autoAcceptService(
	scope: BoardScope,
	cowork: CoworkFeature,
	members: MembersFeature
): UpkeepService {
	return {
		name: 'auto-accept',
		run: () =>
			onMySlots(scope, cowork, async (state, space, cache) => {
				// Archiving only stops listing the space: its open slots stay bookable, and auto-accepted.
				if (!space.autoAccept) return [];
				const changes: bookings.DecisionChange[] = [];
				for (const key of bookings.autoAcceptable(state)) {
					// Wait for the guest's profile (signature checked), so the address goes out sealed.
					if (!members.all.has(parseRecordKey(key)?.authorId ?? '')) continue;
					changes.push(await cowork.confirmation(key, space, cache));
				}
				return changes;
			})
	};
}

/**
 * Reseals my spaces' own copies when my devices changed, and confirmations whose sealed address
 * is missing or outdated (a reseal keeps the confirmation's place in order).
 */
export function resealAddressesService(
	scope: BoardScope,
	cowork: CoworkFeature,
	members: MembersFeature
): UpkeepService {
	async function resealOwnSpaces(cache: DetailsCache) {
		const mine = cowork.mine;
		for (const space of cowork.view.spaces.values()) {
			if (space.hostId !== scope.me || !space.privateSealed) continue;
			if (isSealedToExactly(space.privateSealed, mine)) continue;
			const details = await cowork.ownDetails(space.key, cache);
			// Not readable on this device (sealed before it was linked): another of mine will do it.
			if (!details || !scope.active) continue;
			const sealed = await cowork.sealDetails(mine, spaceDetailsContext(scope.me), details);
			spaces.resealSpaceDetails(scope.doc, scope.me, space.key, sealed, scope.origin);
		}
	}
	return {
		name: 'reseal-addresses',
		async run() {
			await resealOwnSpaces(new Map());
			const rosters = readRosters(scope.doc);
			await onMySlots(scope, cowork, async (state, space, cache) => {
				const entries = joinRosters(rosters.get(state.slot.key) ?? []).entries;
				const changes: bookings.DecisionChange[] = [];
				for (const [key, booking] of state.bookings) {
					const entry = entries.get(key);
					if (booking.status !== 'confirmed' || !entry) continue;
					const guestKeys = sealKeysOfMember(members.all, parseRecordKey(key)?.authorId ?? '');
					const stale =
						entry.addressVersion < space.addressVersion ||
						(guestKeys.length > 0 && !(entry.sealed && isSealedToExactly(entry.sealed, guestKeys)));
					if (!stale) continue;
					const change = await cowork.confirmation(key, space, cache);
					// Nothing better to write (no key, address unreadable): writing would loop forever.
					if (change.sealed) changes.push(change);
				}
				return changes;
			});
		}
	};
}
