/**
 * Members of the board whose profile is signed by the key their id derives from, and the
 * upkeep that keeps my own profile published. A profile's signature is checked once per exact
 * bytes (signature-checks.ts); until then the member is not listed.
 */
import { ROOT } from '$lib/domain/board/schema';
import type { InvalidRecord } from '$lib/domain/board/types';
import * as memberProfile from '$lib/domain/members/publish';
import { readMembers } from '$lib/domain/members/read';
import type { MemberProfile } from '$lib/domain/members/types';
import { profilePayload, verifyProfile } from '$lib/domain/identity/keys';
import { mergeProfiles, sameProfileContent } from '$lib/domain/identity/my-devices';
import { profileOf } from '$lib/persistence/identity-store';
import type { BoardFeature } from './feature';
import { shareProfilePhotoService } from './photo-upkeep';
import type { BoardScope } from './scope';
import { signatureCheckKey, type SignatureChecks } from './signature-checks';
import type { UpkeepService } from './upkeep';

export class MembersFeature implements BoardFeature {
	readonly name = 'members';
	readonly inputs = [ROOT.members];
	readonly uses = [];
	readonly timed = false;

	// Replaced whole on every change, never mutated: a plain Map is the right shape here.
	all = $state.raw<ReadonlyMap<string, MemberProfile>>(new Map());

	/** My member record as the doc has it, before its signature is checked. */
	private listedMine: MemberProfile | null = null;

	constructor(
		private readonly scope: BoardScope,
		private readonly checks: SignatureChecks,
		/** Background checks finished: refresh me. */
		private readonly checked: () => void
	) {}

	nameOf(memberId: string): string {
		return this.all.get(memberId)?.name ?? '';
	}

	refresh(): InvalidRecord[] {
		const invalid: InvalidRecord[] = [];
		const listed = readMembers(this.scope.doc, invalid);
		this.listedMine = listed.get(this.scope.me) ?? null;
		const unchecked: MemberProfile[] = [];
		for (const [id, member] of listed) {
			const known = this.checks.status(checkKey(member));
			if (known === 'valid') continue;
			listed.delete(id);
			if (known === 'invalid') {
				invalid.push({ collection: 'members', key: id, reason: 'bad signature' });
			} else if (known === undefined) {
				unchecked.push(member);
			}
		}
		this.checks.checkAll(
			unchecked.map((member) => ({ key: checkKey(member), verify: () => verifyProfile(member) })),
			this.checked,
			this.scope.reportError
		);
		this.all = listed;
		return invalid;
	}

	/**
	 * Writes my profile unless the board's copy knows more about my devices than I do: then I
	 * learn it first (once its signature is checked), or I would erase another device's link or
	 * removal. A copy that fails its check is overwritten.
	 */
	publishMine(adoptProfile?: (listed: MemberProfile) => void): void {
		const { identity, doc, me, origin } = this.scope;
		const listed = this.listedMine;
		const mine = profileOf(identity);
		if (listed) {
			const check = this.checks.status(checkKey(listed));
			const learns = !sameProfileContent(mine, { ...mine, ...mergeProfiles(identity, listed) });
			if (learns && check === 'valid') adoptProfile?.(listed);
			// Another of my devices wrote the same profile: keep its copy (no write, no echo).
			if ((learns || sameProfileContent(listed, mine)) && check !== 'invalid') return;
		}
		memberProfile.publishProfile(doc, me, { ...mine, signature: identity.signature }, origin);
	}
}

function checkKey(member: MemberProfile): string {
	return signatureCheckKey(member.id, profilePayload(member), member.signature);
}

/** Upkeep: my profile is on the board, as up to date as this device knows it. */
export function publishProfileService(
	members: MembersFeature,
	adoptProfile?: (listed: MemberProfile) => void
): UpkeepService {
	return {
		name: 'publish-profile',
		when: 'at-once',
		run: () => members.publishMine(adoptProfile)
	};
}

/**
 * The upkeep of my profile on a board: published at once, then its photo's bytes uploaded to the
 * board's blob store when online (photo-upkeep.ts; nothing to do without a photo).
 */
export function profileUpkeep(
	members: MembersFeature,
	scope: BoardScope,
	deps: {
		adoptProfile?: (listed: MemberProfile) => void;
		relayUrl: string;
		isOnline: () => boolean;
	}
): UpkeepService[] {
	return [
		publishProfileService(members, deps.adoptProfile),
		shareProfilePhotoService(scope, deps.relayUrl, deps.isOnline)
	];
}
