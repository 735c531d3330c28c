/**
 * The post author's device, as an upkeep service (upkeep.ts): sends the contact to accepted
 * neighbours it could not seal to at acceptance (their profile and key were not known yet), or
 * whose devices changed since; and reseals my own copies when my devices did.
 */
import * as engagements from '$lib/domain/engagement/commands';
import * as help from '$lib/domain/help/commands';
import { postContactContext } from '$lib/domain/help/seal-contexts';
import { isSealedToExactly } from '$lib/domain/identity/sealed';
import { mySealKeys, sealKeysOfMember } from '$lib/domain/identity/my-devices';
import type { AidFeature } from './aid.svelte';
import type { MembersFeature } from './members.svelte';
import type { BoardScope } from './scope';
import { sealJson } from './sealed-json';
import type { UpkeepService } from './upkeep';

export function resealContactsService(
	scope: BoardScope,
	aid: AidFeature,
	members: MembersFeature
): UpkeepService {
	async function resealOwnContacts() {
		const { identity, doc, me, origin } = scope;
		const mine = mySealKeys(identity);
		for (const post of aid.posts.list) {
			if (post.authorId !== me || !post.contactSealed) continue;
			if (isSealedToExactly(post.contactSealed, mine)) continue;
			const details = await aid.postContact(post.key);
			if (!details || !scope.active) continue;
			const sealed = await sealJson(identity, mine, postContactContext(me), details);
			help.setPostContact(doc, me, post.key, sealed, origin);
		}
	}
	return {
		name: 'reseal-contacts',
		async run() {
			await resealOwnContacts();
			for (const engagement of aid.snapshot.engagements.values()) {
				if (!aid.sharesContact(engagement)) continue;
				const theirKeys = sealKeysOfMember(members.all, engagement.initiatorId);
				const sealed = engagement.response?.contact;
				if (theirKeys.length === 0 || (sealed && isSealedToExactly(sealed, theirKeys))) continue;
				const details = await aid.postContact(engagement.postKey);
				if (!details) continue;
				const contact = await aid.sealContactFor(engagement, details);
				if (!contact || !scope.active) continue;
				engagements.updateSharedContact(scope.doc, scope.me, engagement.key, contact, scope.origin);
			}
		}
	};
}
