/**
 * One linked device as its member's profile lists it (identity/device-chain.ts checks the chain).
 * Pure valibot, so the relay and the sync protocol can check device lists too.
 */
import * as v from 'valibot';
import { b64url, encryptionKey, signingKey, text, time } from '../fields';

export const DEVICE_LIMITS = { label: 60 } as const;

/** How many live devices one member can link (the first one not counted), and the longest chain. */
export const MAX_LINKED_DEVICES = 8;
/** How many a profile may list, devices taken back included (their marks must stay). */
export const MAX_LISTED_DEVICES = 16;

/**
 * A device's own keys, signed by a device the member already had (`issuer`). `removedAt` marks a
 * device the member took back (a lost phone).
 */
export const DeviceRecord = v.looseObject({
	deviceKey: signingKey,
	encryptionKey,
	label: text(DEVICE_LIMITS.label),
	addedAt: time,
	issuer: signingKey,
	signature: b64url(100),
	removedAt: v.nullish(time, null)
});
