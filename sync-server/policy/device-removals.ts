/**
 * Devices the members took back (a lost phone), read from their profiles in the board doc
 * (DESIGN.md §6, "Member identity"). Only a member can write their own profile (write scopes), so
 * the relay trusts the marks there, for that member's keys only: another member listing my device
 * as removed in their profile changes nothing for me.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { memberIdFromPublicKey } from '../../src/lib/domain/identity/member-id';
import { collection, PROFILE_RECORD_ID, ROOT } from '../../src/lib/domain/board/schema';
import { MemberRecord } from '../../src/lib/domain/members/validate';
import type { DeviceCertificate } from '../../src/lib/domain/identity/device-chain';
import { parseRecordKey } from '../../src/lib/domain/ids';
import { canonicalKey } from '../ed25519';

interface Profile {
	memberId: string;
	rootKey: string;
	devices: DeviceCertificate[];
	rootRemovedAt: number | null;
}

/**
 * One profile record, checked as `readMembers` checks it (well-formed, id derived from the root
 * key), or null. One key at a time, so a profile edit costs the same on a board of any size.
 */
function readProfile(doc: Y.Doc, key: string): Profile | null {
	const parsed = parseRecordKey(key);
	if (!parsed || parsed.recordId !== PROFILE_RECORD_ID) return null;
	const result = v.safeParse(MemberRecord, collection(doc, ROOT.members).get(key));
	if (!result.success) return null;
	const { publicKey, devices, rootRemovedAt } = result.output;
	if (memberIdFromPublicKey(publicKey) !== parsed.authorId) return null;
	return { memberId: parsed.authorId, rootKey: publicKey, devices, rootRemovedAt };
}

export class DeviceRemovals {
	/**
	 * Per member, the keys (root key included) they took back. Only grows while the room stays
	 * loaded: a later profile that drops a mark does not let the device back in meanwhile. It is
	 * rebuilt from the latest profiles when the room loads again (after idling or a restart), so a
	 * mark a removed device managed to overwrite before it was closed is lost then; honest devices
	 * keep the mark in their own copies and write it again (identity/my-devices.ts).
	 */
	private readonly removed = new Map<string, Set<string>>();
	/** Per member, the certificates their current profile lists. */
	private readonly listed = new Map<string, readonly DeviceCertificate[]>();

	static read(doc: Y.Doc): DeviceRemovals {
		const removals = new DeviceRemovals();
		removals.update(doc, collection(doc, ROOT.members).keys());
		return removals;
	}

	/** Reads the profile records under `keys` again; returns the members they belong to. */
	update(doc: Y.Doc, keys: Iterable<string>): Set<string> {
		const members = new Set<string>();
		for (const key of keys) {
			const parsed = parseRecordKey(key);
			if (!parsed || parsed.recordId !== PROFILE_RECORD_ID) continue;
			members.add(parsed.authorId);
			const profile = readProfile(doc, key);
			if (profile === null) {
				this.listed.delete(parsed.authorId);
				continue;
			}
			this.listed.set(profile.memberId, profile.devices);
			const marks = profile.devices.filter((c) => c.removedAt != null).map((c) => c.deviceKey);
			if (profile.rootRemovedAt != null) marks.push(profile.rootKey);
			if (marks.length === 0) continue;
			let removed = this.removed.get(profile.memberId);
			if (!removed) this.removed.set(profile.memberId, (removed = new Set()));
			for (const key of marks) removed.add(canonicalKey(key));
		}
		return members;
	}

	/**
	 * Why this device may not speak for the member, or null when it may: its key was taken back,
	 * or a certificate on its chain was issued by a key that was taken back and is not listed in
	 * the member's profile (a stolen device could go on issuing certificates; the ones the member's
	 * honest devices knew of are listed). `deviceKey` and the chain must already be verified.
	 */
	refusal(memberId: string, deviceKey: string, chain: readonly DeviceCertificate[]): string | null {
		const removed = this.removed.get(memberId);
		if (!removed) return null;
		if (removed.has(deviceKey)) return 'device removed by its member';
		for (const c of chain) {
			if (removed.has(c.issuer) && !this.isListed(memberId, c)) {
				return 'certified by a removed device';
			}
		}
		return null;
	}

	private isListed(memberId: string, c: DeviceCertificate): boolean {
		return (this.listed.get(memberId) ?? []).some(
			(l) =>
				l.deviceKey === c.deviceKey &&
				l.issuer === c.issuer &&
				l.signature === c.signature &&
				l.encryptionKey === c.encryptionKey &&
				l.label === c.label &&
				l.addedAt === c.addedAt
		);
	}
}
