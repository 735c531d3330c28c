/**
 * "Réglé" on one open board: which bookings and engagements the one who is paid marked settled
 * (domain/pricing/settlements.ts). The payee of a booking is its slot's host; of an engagement,
 * its helper: the author of an offer, the neighbour who answered a request.
 */
import { ROOT } from '$lib/domain/board/schema';
import type { InvalidRecord } from '$lib/domain/board/types';
import {
	readSettlements,
	setSettled,
	type PayeeOf,
	type Settlement,
	type SettlementMethod
} from '$lib/domain/pricing/settlements';
import type { AidFeature } from './aid.svelte';
import type { CoworkFeature } from './cowork.svelte';
import type { BoardFeature } from './feature';
import type { PostsFeature } from './posts.svelte';
import type { BoardScope } from './scope';

export class SettlementsFeature implements BoardFeature {
	readonly name = 'settlements';
	readonly inputs = [ROOT.settlements];
	readonly uses: readonly [CoworkFeature, AidFeature];
	readonly timed = false;

	/** Settled targets by booking or engagement key. */
	settled = $state.raw<ReadonlyMap<string, Settlement>>(new Map());

	constructor(
		private readonly scope: BoardScope,
		private readonly cowork: CoworkFeature,
		private readonly aid: AidFeature,
		private readonly posts: PostsFeature
	) {
		this.uses = [cowork, aid];
	}

	refresh(): InvalidRecord[] {
		this.settled = readSettlements(this.scope.doc, this.payeeOf);
		return [];
	}

	/** Who is paid for a booking or an engagement; null when it is neither. */
	readonly payeeOf: PayeeOf = (key) => {
		const booking = this.cowork.view.bookings.get(key);
		if (booking) return this.cowork.view.slots.get(booking.slotKey)?.slot.hostId ?? null;
		const engagement = this.aid.snapshot.engagements.get(key);
		if (!engagement) return null;
		const post =
			this.posts.byKey(engagement.postKey) ??
			this.posts.hidden.find((p) => p.key === engagement.postKey);
		if (!post) return null;
		return post.kind === 'offer' ? engagement.authorId : engagement.initiatorId;
	};

	/** May I mark this one settled (am I the one who is paid)? */
	isMine(key: string): boolean {
		return this.payeeOf(key) === this.scope.me;
	}

	set(key: string, settled: boolean, method: SettlementMethod = 'cash'): void {
		const { doc, me, origin } = this.scope;
		setSettled(doc, me, key, settled, method, this.payeeOf, Date.now(), origin);
	}
}
