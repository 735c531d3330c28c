/**
 * Linking devices to one member (domain/identity/link-codes.ts explains the two codes). This is
 * where the keys are made, certificates signed and the identity row rewritten; the screens only
 * show codes and ask.
 */
import { toBase64UrlEncoded } from 'lib0/buffer';
import { memberIdFromPublicKey } from '$lib/domain/identity/member-id';
import {
	DEVICE_LIMITS,
	MAX_LINKED_DEVICES,
	MAX_LISTED_DEVICES
} from '$lib/domain/identity/device-record';
import {
	certificatePayload,
	isValidChain,
	mergeDeviceLists,
	chainTo,
	type DeviceCertificate
} from '$lib/domain/identity/device-chain';
import { generateIdentityKeys, signBytes, verifyBytes } from '$lib/domain/identity/keys';
import { LinkRefused, type LinkRequest, type LinkResponse } from '$lib/domain/identity/link-codes';
import {
	isRemoved,
	mergeProfiles,
	ownDeviceKey,
	profileEncryptionKey,
	sameProfileContent,
	type ProfileState
} from '$lib/domain/identity/my-devices';
import { generateEncryptionKeys } from '$lib/domain/identity/sealed';
import { randomId } from '$lib/domain/ids';
import type { QuartierDb, StoredIdentity } from './db';
import { profileOf, rewriteIdentity, saveResigned } from './identity-store';

/** A new device's keys, kept until the response arrives (settings row, keys non-extractable). */
interface PendingLink {
	deviceKey: string;
	privateKey: CryptoKey;
	encryptionKey: string;
	encryptionPrivateKey: CryptoKey;
	createdAt: number;
}

const PENDING_LINK = 'pendingLink';

/** New device: makes (once) the keys it will be known by and returns the request to show. */
export async function startLink(db: QuartierDb, now: number): Promise<LinkRequest> {
	if (await db.identity.get('self')) throw new LinkRefused('already-a-member');
	const known = (await db.settings.get(PENDING_LINK))?.value as PendingLink | undefined;
	if (known) return { deviceKey: known.deviceKey, encryptionKey: known.encryptionKey };
	const [keys, encryption] = await Promise.all([generateIdentityKeys(), generateEncryptionKeys()]);
	const pending: PendingLink = {
		deviceKey: keys.publicKey,
		privateKey: keys.privateKey,
		encryptionKey: encryption.publicKey,
		encryptionPrivateKey: encryption.privateKey,
		createdAt: now
	};
	// Two tabs may start together: the first row written wins and both show its request.
	return db.transaction('rw', db.settings, async () => {
		const raced = (await db.settings.get(PENDING_LINK))?.value as PendingLink | undefined;
		if (raced) return { deviceKey: raced.deviceKey, encryptionKey: raced.encryptionKey };
		await db.settings.put({ key: PENDING_LINK, value: pending });
		return { deviceKey: pending.deviceKey, encryptionKey: pending.encryptionKey };
	});
}

/**
 * A device I have: signs a certificate for the requesting device and lists it in my profile.
 * The caller republishes my profile and shows `linkResponse`.
 */
export async function linkDevice(
	db: QuartierDb,
	request: LinkRequest,
	label: string,
	now: number
): Promise<StoredIdentity> {
	const next = await rewriteIdentity(db, async (identity) => {
		const devices = identity.devices ?? [];
		const mine = ownDeviceKey(identity);
		if (request.deviceKey === mine || request.deviceKey === identity.publicKey) {
			throw new LinkRefused('own-device');
		}
		if (devices.some((c) => c.deviceKey === request.deviceKey)) {
			throw new LinkRefused('already-linked');
		}
		const live = devices.filter((c) => c.removedAt == null).length;
		if (live >= MAX_LINKED_DEVICES || devices.length >= MAX_LISTED_DEVICES) {
			throw new LinkRefused('full');
		}
		if (isRemoved(identity, mine)) throw new LinkRefused('this-device-removed');
		const unsigned: DeviceCertificate = {
			deviceKey: request.deviceKey,
			encryptionKey: request.encryptionKey,
			// A longer label would make every reader refuse my whole profile.
			label: label.trim().slice(0, DEVICE_LIMITS.label),
			addedAt: now,
			issuer: mine,
			signature: ''
		};
		const signature = await signBytes(
			identity.privateKey,
			certificatePayload(identity.memberId, unsigned)
		);
		const certificate = { ...unsigned, signature: toBase64UrlEncoded(signature) };
		return { ...identity, devices: mergeDeviceLists(devices, [certificate]) };
	});
	if (!next) throw new LinkRefused('no-identity');
	return next;
}

/** What the new device needs to become me: my member record and my boards. */
export function linkResponse(
	identity: StoredIdentity,
	boards: LinkResponse['boards']
): LinkResponse {
	return {
		publicKey: identity.publicKey,
		name: identity.name,
		bio: identity.bio,
		joinedAt: identity.createdAt,
		encryptionKey: profileEncryptionKey(identity),
		devices: identity.devices ?? [],
		rootRemovedAt: identity.rootRemovedAt ?? null,
		updatedAt: identity.updatedAt ?? null,
		boards
	};
}

/**
 * New device: checks the response is for the keys it made (a chain of valid certificates leads to
 * them) and becomes the member. The caller then joins the response's boards.
 */
export async function completeLink(
	db: QuartierDb,
	response: LinkResponse
): Promise<StoredIdentity> {
	if (await db.identity.get('self')) throw new LinkRefused('already-a-member');
	const pending = (await db.settings.get(PENDING_LINK))?.value as PendingLink | undefined;
	if (!pending) throw new LinkRefused('no-pending-request');
	const memberId = memberIdFromPublicKey(response.publicKey);
	const chain = chainTo(response.publicKey, response.devices, pending.deviceKey);
	const valid =
		chain !== null &&
		(await isValidChain(memberId, response.publicKey, chain, pending.deviceKey, verifyBytes));
	if (!valid) throw new LinkRefused('not-for-this-device');
	const identity: StoredIdentity = {
		id: 'self',
		memberId,
		publicKey: response.publicKey,
		deviceKey: pending.deviceKey,
		privateKey: pending.privateKey,
		devices: response.devices,
		rootRemovedAt: response.rootRemovedAt,
		updatedAt: response.updatedAt,
		profileEncryptionKey: response.encryptionKey,
		encryptionKey: pending.encryptionKey,
		encryptionPrivateKey: pending.encryptionPrivateKey,
		deviceId: randomId(),
		name: response.name,
		bio: response.bio,
		createdAt: response.joinedAt,
		signature: ''
	};
	if (isRemoved(identity, pending.deviceKey)) throw new LinkRefused('this-device-removed');
	const saved = await saveResigned(db, identity);
	await db.settings.delete(PENDING_LINK);
	return saved;
}

/** Takes a device back (lost or given away): it can no longer connect, nothing more is sealed to it. */
export async function removeDevice(
	db: QuartierDb,
	deviceKey: string,
	now: number
): Promise<StoredIdentity> {
	const next = await rewriteIdentity(db, (identity) => {
		if (deviceKey === ownDeviceKey(identity)) throw new LinkRefused('own-device');
		if (deviceKey === identity.publicKey) {
			return { ...identity, rootRemovedAt: identity.rootRemovedAt ?? now };
		}
		const devices = (identity.devices ?? []).map((c) =>
			c.deviceKey === deviceKey && c.removedAt == null ? { ...c, removedAt: now } : c
		);
		return { ...identity, devices };
	});
	if (!next) throw new LinkRefused('no-identity');
	return next;
}

/**
 * Another of my devices changed my profile (linked or removed a device, edited my name) and a
 * board showed me its copy, signature checked: learn it (identity/my-devices.ts `mergeProfiles`
 * says what is learnt and what is refused). Null when there is nothing to learn.
 */
export async function adoptProfile(
	db: QuartierDb,
	seen: ProfileState & { signer: string }
): Promise<StoredIdentity | null> {
	let learnt = false;
	const next = await rewriteIdentity(db, (identity) => {
		const merged = mergeProfiles(identity, seen);
		learnt = !sameProfileContent(profileOf(identity), { ...profileOf(identity), ...merged });
		return learnt ? { ...identity, ...merged } : identity;
	});
	return learnt ? next : null;
}

/**
 * A device the member took back cannot speak for them any more; to be linked again it first
 * forgets the identity (its keys are useless now). Boards and their secrets stay on the device.
 */
export async function forgetIdentity(db: QuartierDb): Promise<void> {
	await db.transaction('rw', db.identity, db.settings, async () => {
		await db.identity.delete('self');
		await db.settings.delete(PENDING_LINK);
	});
}
