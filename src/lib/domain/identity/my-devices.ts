/**
 * What this device needs to know about the member it speaks for: which key it signs with, the
 * chain it shows the relay, and every key private details for me must be sealed to.
 */
import type { ProfileFields } from '../members/types';
import {
	certificateFields,
	chainTo,
	mergeDeviceLists,
	type DeviceCertificate
} from './device-chain';

export interface DeviceIdentity {
	/** The member's first key (the member id derives from it). */
	publicKey: string;
	name: string;
	bio: string;
	/** When name or bio last changed; null or absent before any edit since devices were linked. */
	updatedAt?: number | null;
	/** My profile photo's hash (issue 19); absent or null without one. */
	photo?: string | null;
	/** This device's signing key; absent on the first device. */
	deviceKey?: string;
	devices?: DeviceCertificate[];
	rootRemovedAt?: number | null;
	/** This device's ECDH key. */
	encryptionKey: string;
	/** The first device's ECDH key, which the profile publishes; absent on the first device. */
	profileEncryptionKey?: string;
}

export function ownDeviceKey(identity: DeviceIdentity): string {
	return identity.deviceKey ?? identity.publicKey;
}

/** The certificates the relay needs to admit this device (empty on the first device). */
export function proofChain(identity: DeviceIdentity): DeviceCertificate[] {
	return chainTo(identity.publicKey, identity.devices ?? [], ownDeviceKey(identity)) ?? [];
}

/** The ECDH key my profile publishes. */
export function profileEncryptionKey(identity: DeviceIdentity): string {
	return identity.profileEncryptionKey ?? identity.encryptionKey;
}

/**
 * Every key something sealed to a member must be sealed to: the profile's (unless the first
 * device was taken back) and each linked device's that was not. First the profile's, so a
 * single-device member's list is exactly what it always was.
 */
export function sealKeysOf(profile: {
	encryptionKey: string | null;
	devices: readonly DeviceCertificate[];
	rootRemovedAt: number | null;
}): string[] {
	const keys = new Set<string>();
	if (profile.encryptionKey && profile.rootRemovedAt == null) keys.add(profile.encryptionKey);
	for (const c of profile.devices) if (c.removedAt == null) keys.add(c.encryptionKey);
	return [...keys];
}

/** The same for one member of a board; none while their profile is not there (or not checked). */
export function sealKeysOfMember(
	members: ReadonlyMap<string, Parameters<typeof sealKeysOf>[0]>,
	memberId: string
): string[] {
	const member = members.get(memberId);
	return member ? sealKeysOf(member) : [];
}

/** The same for me, from what this device knows. */
export function mySealKeys(identity: DeviceIdentity): string[] {
	return sealKeysOf({
		encryptionKey: profileEncryptionKey(identity),
		devices: identity.devices ?? [],
		rootRemovedAt: identity.rootRemovedAt ?? null
	});
}

/**
 * Every key a member's signatures are accepted from: the first key, then each linked device
 * (removed ones too: what they signed before they were taken back stays theirs; the relay
 * refuses anything they send after).
 */
export function signingKeysOf(profile: {
	publicKey: string;
	devices: readonly DeviceCertificate[];
}): string[] {
	return [profile.publicKey, ...profile.devices.map((c) => c.deviceKey)];
}

/**
 * Two profiles that say the same about the member, whichever device signed them. Each of my
 * devices signs its own copy: without this check two of them online together would overwrite
 * each other's copy for ever.
 */
export function sameProfileContent(a: ProfileFields, b: ProfileFields): boolean {
	const content = (p: ProfileFields) =>
		JSON.stringify([
			p.name,
			p.bio,
			p.publicKey,
			p.joinedAt,
			p.encryptionKey ?? null,
			p.rootRemovedAt ?? null,
			p.updatedAt ?? null,
			(p.devices ?? []).map(certificateFields),
			p.photo ?? null
		]);
	return content(a) === content(b);
}

/** True when `deviceKey` (this device by default, or the first one) was taken back. */
export function isRemoved(identity: DeviceIdentity, deviceKey = ownDeviceKey(identity)): boolean {
	if (deviceKey === identity.publicKey) return identity.rootRemovedAt != null;
	return (identity.devices ?? []).some((c) => c.deviceKey === deviceKey && c.removedAt != null);
}

/** What my devices agree on about me: the parts of my profile a merge can change. */
export interface ProfileState {
	name: string;
	bio: string;
	updatedAt: number | null;
	devices: DeviceCertificate[];
	rootRemovedAt: number | null;
	/** Goes with name and bio: the latest edit wins. Absent on copies from before photos. */
	photo?: string | null;
}

/**
 * What this device should hold about me after seeing `seen`, another of my devices' copy of my
 * profile (its signature already checked). The union of both, with guards against a device I
 * took back (a thief may still write boards the relay has not yet heard about):
 * - nothing is learnt from a copy signed by a device I know was taken back;
 * - a new certificate whose issuer was taken back is learnt as taken back too (it could be the
 *   thief's); a device linked by that issuer before the loss stays if this device knew it;
 * - a mark taking back *this* device is not learnt here: the relay enforces the marks it has,
 *   and learning our own removal from a board would spread it to boards where we still speak.
 * Name, bio and photo: the latest edit wins. The merge gives the same result whichever device runs it
 * (removals: the earliest; a device linked twice: its earliest certificate), so two devices
 * converge instead of rewriting each other.
 */
export function mergeProfiles(
	mine: DeviceIdentity,
	seen: ProfileState & { signer: string }
): ProfileState {
	const own = ownDeviceKey(mine);
	const current: ProfileState = {
		name: mine.name,
		bio: mine.bio,
		updatedAt: mine.updatedAt ?? null,
		devices: mine.devices ?? [],
		rootRemovedAt: mine.rootRemovedAt ?? null,
		photo: mine.photo ?? null
	};
	// When each key was taken back, as far as either copy says (never this device: see above).
	const removedAt = removalTimes(current, mine.publicKey);
	if (removedAt.has(seen.signer)) return current;
	for (const [key, at] of removalTimes(seen, mine.publicKey)) {
		if (key !== own) removedAt.set(key, Math.min(at, removedAt.get(key) ?? Infinity));
	}
	const known = new Set(current.devices.map((c) => c.deviceKey));
	const learnt: DeviceCertificate[] = [];
	// New certificates, following chains in any order. One whose issuer was taken back is learnt
	// as taken back too: it may be the thief's (a device linked before the loss was known here),
	// and every device that sees it comes to the same mark, so the copies converge.
	for (let progress = true; progress;) {
		progress = false;
		for (const c of seen.devices) {
			if (known.has(c.deviceKey)) continue;
			if (c.issuer !== mine.publicKey && !known.has(c.issuer)) continue;
			const issuerRemovedAt = removedAt.get(c.issuer);
			const mark = c.removedAt ?? issuerRemovedAt ?? null;
			known.add(c.deviceKey);
			learnt.push(mark === (c.removedAt ?? null) ? c : { ...c, removedAt: mark });
			if (mark !== null) removedAt.set(c.deviceKey, mark);
			progress = true;
		}
	}
	const seenKnown = seen.devices
		.filter((c) => current.devices.some((m) => m.deviceKey === c.deviceKey))
		.concat(learnt)
		.map((c) => (c.deviceKey === own ? { ...c, removedAt: null } : c));
	const latest =
		(seen.updatedAt ?? 0) > (current.updatedAt ?? 0) ||
		((seen.updatedAt ?? 0) === (current.updatedAt ?? 0) && laterContent(seen, current));
	const rootRemovedAt =
		own === mine.publicKey
			? current.rootRemovedAt
			: earliest(current.rootRemovedAt, seen.rootRemovedAt);
	return {
		name: latest ? seen.name : current.name,
		bio: latest ? seen.bio : current.bio,
		updatedAt: latest ? seen.updatedAt : current.updatedAt,
		photo: latest ? (seen.photo ?? null) : (current.photo ?? null),
		devices: mergeDeviceLists(current.devices, seenKnown),
		rootRemovedAt
	};
}

/** Two edits made at the same time: the same winner on every device (the photo only breaks a tie). */
function laterContent(a: ProfileState, b: ProfileState): boolean {
	const text = (p: ProfileState) => `${p.name}\n${p.bio}`;
	if (text(a) !== text(b)) return text(a) > text(b);
	return (a.photo ?? '') > (b.photo ?? '');
}

function removalTimes(p: ProfileState, rootKey: string): Map<string, number> {
	const times = new Map<string, number>();
	for (const c of p.devices) if (c.removedAt != null) times.set(c.deviceKey, c.removedAt);
	if (p.rootRemovedAt != null) times.set(rootKey, p.rootRemovedAt);
	return times;
}

function earliest(a: number | null, b: number | null): number | null {
	if (a === null) return b;
	if (b === null) return a;
	return Math.min(a, b);
}
