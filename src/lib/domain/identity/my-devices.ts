/**
 * What this device needs to know about the member it speaks for: which key it signs with, the
 * chain it shows the relay, and every key private details for me must be sealed to.
 */
import type { ProfileFields } from '../board/types';
import { certificateFields, chainTo, type DeviceCertificate } from './device-chain';

export interface DeviceIdentity {
	/** The member's first key (the member id derives from it). */
	publicKey: string;
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

/** The same for me, from what this device knows. */
export function mySealKeys(identity: DeviceIdentity): string[] {
	return sealKeysOf({
		encryptionKey: profileEncryptionKey(identity),
		devices: identity.devices ?? [],
		rootRemovedAt: identity.rootRemovedAt ?? null
	});
}

/**
 * True when a board lists something about my devices this device does not know yet: a device
 * another of mine linked, or one it took back. This device must learn it before it republishes
 * my profile, or it would erase it.
 */
export function knowsMoreThan(
	seen: { devices: readonly DeviceCertificate[]; rootRemovedAt: number | null },
	mine: DeviceIdentity
): boolean {
	if (seen.rootRemovedAt != null && mine.rootRemovedAt == null) return true;
	const known = new Map((mine.devices ?? []).map((c) => [c.deviceKey, c]));
	return seen.devices.some((c) => {
		const k = known.get(c.deviceKey);
		return !k || (c.removedAt != null && k.removedAt == null);
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
			(p.devices ?? []).map(certificateFields)
		]);
	return content(a) === content(b);
}
