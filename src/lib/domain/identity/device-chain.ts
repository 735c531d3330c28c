/**
 * One member, several devices (DESIGN.md §6, "Member identity"). Each device keeps its own
 * non-extractable keys. The member's first key (`rootKey`, the one the member id derives from)
 * and every device it linked sign certificates for new devices; the member record lists them.
 * A device is the member's when a chain of valid certificates leads to it from the root key.
 *
 * No WebCrypto here: the relay checks chains with Node's crypto, the app with WebCrypto, both
 * through the `verify` function they pass in.
 */
import { MAX_LINKED_DEVICES, MAX_LISTED_DEVICES } from './device-record';

export interface DeviceCertificate {
	/** The device's Ed25519 public key: what it signs connections, profiles and ratings with. */
	deviceKey: string;
	/** The device's ECDH public key: what private details for this member are sealed to. */
	encryptionKey: string;
	/** A name the member gave it ("Téléphone de Marie"), to recognise it in the list. */
	label: string;
	addedAt: number;
	/** The key that signed this certificate: the root key or another linked device's key. */
	issuer: string;
	signature: string;
	/** When the member took this device back; it can no longer connect and nothing is sealed to it. */
	removedAt?: number | null;
}

export type VerifySignature = (
	publicKey: string,
	payload: Uint8Array,
	signature: string
) => boolean | Promise<boolean>;

/** Canonical bytes an issuer signs: bound to the member, so a certificate cannot be moved. */
export function certificatePayload(memberId: string, c: DeviceCertificate): Uint8Array {
	const fields = [
		'quartier/device/v1',
		memberId,
		c.deviceKey,
		c.encryptionKey,
		c.label,
		c.addedAt,
		c.issuer
	];
	return new TextEncoder().encode(JSON.stringify(fields));
}

/**
 * A certificate's fields in a fixed order, a missing removal as null: what a profile signature
 * covers for each device, and what two copies of a profile are compared by.
 */
export function certificateFields(c: DeviceCertificate): unknown[] {
	return [
		c.deviceKey,
		c.encryptionKey,
		c.label,
		c.addedAt,
		c.issuer,
		c.signature,
		c.removedAt ?? null
	];
}

/**
 * The member's devices that a chain of valid certificates links to the root key, by device key.
 * Removed devices are included (what they signed before removal stays theirs); callers that seal
 * or admit connections skip them. Certificates that lead nowhere or whose signature fails are
 * left out, whatever their position in the list.
 */
export async function trustedDevices(
	memberId: string,
	rootKey: string,
	certificates: readonly DeviceCertificate[],
	verify: VerifySignature
): Promise<Map<string, DeviceCertificate>> {
	const trusted = new Map<string, DeviceCertificate>();
	const isTrustedKey = (key: string) => key === rootKey || trusted.has(key);
	const pending = certificates.slice(0, MAX_LISTED_DEVICES);
	// A certificate may come before its issuer's in the list: repeat until nothing new is trusted.
	for (let progress = true; progress;) {
		progress = false;
		for (let i = 0; i < pending.length; i++) {
			const c = pending[i]!;
			if (c.deviceKey === rootKey || trusted.has(c.deviceKey) || !isTrustedKey(c.issuer)) continue;
			pending.splice(i--, 1);
			if (await verify(c.issuer, certificatePayload(memberId, c), c.signature)) {
				trusted.set(c.deviceKey, c);
				progress = true;
			}
		}
	}
	return trusted;
}

/**
 * The certificates from the root key to `deviceKey`, in order (empty for the root key itself);
 * null when no chain in `certificates` leads there. This is what a device shows the relay.
 */
export function chainTo(
	rootKey: string,
	certificates: readonly DeviceCertificate[],
	deviceKey: string
): DeviceCertificate[] | null {
	const chain: DeviceCertificate[] = [];
	let key = deviceKey;
	while (key !== rootKey) {
		const c = certificates.find((candidate) => candidate.deviceKey === key);
		if (!c || chain.includes(c) || chain.length >= MAX_LINKED_DEVICES) return null;
		chain.unshift(c);
		key = c.issuer;
	}
	return chain;
}

/**
 * Checks a chain the way the relay does at connection time: it starts at the root key, each
 * certificate is signed by the previous device, it ends at `deviceKey`, and none of its devices
 * was removed in `removedKeys`.
 */
export async function isValidChain(
	memberId: string,
	rootKey: string,
	chain: readonly DeviceCertificate[],
	deviceKey: string,
	verify: VerifySignature,
	removedKeys: ReadonlySet<string> = new Set()
): Promise<boolean> {
	if (chain.length > MAX_LINKED_DEVICES) return false;
	let issuer = rootKey;
	for (const c of chain) {
		if (c.issuer !== issuer || removedKeys.has(c.deviceKey)) return false;
		if (!(await verify(c.issuer, certificatePayload(memberId, c), c.signature))) return false;
		issuer = c.deviceKey;
	}
	return issuer === deviceKey;
}

/**
 * Merges two views of a member's device list (this device's and a board's), so two devices that
 * each linked one offline both end up listed. The result does not depend on the order of the
 * arguments, so two devices that merge each other's lists agree and stop rewriting: a device
 * linked twice keeps its earliest certificate, a device removed twice its earliest removal.
 * Beyond MAX_LISTED_DEVICES the oldest removed entries go first (a profile listing more would be
 * refused by every reader).
 */
export function mergeDeviceLists(
	a: readonly DeviceCertificate[],
	b: readonly DeviceCertificate[]
): DeviceCertificate[] {
	const byKey = new Map<string, DeviceCertificate>();
	const removals = new Map<string, number>();
	for (const c of [...a, ...b]) {
		const known = byKey.get(c.deviceKey);
		if (!known || compareCertificates(c, known) < 0) byKey.set(c.deviceKey, c);
		if (c.removedAt != null) {
			removals.set(c.deviceKey, Math.min(c.removedAt, removals.get(c.deviceKey) ?? Infinity));
		}
	}
	const merged = [...byKey.values()].map((c): DeviceCertificate => {
		const removedAt = removals.get(c.deviceKey) ?? null;
		const { removedAt: _ignored, ...rest } = c;
		return removedAt === null ? rest : { ...rest, removedAt };
	});
	merged.sort(compareCertificates);
	while (merged.length > MAX_LISTED_DEVICES) {
		const oldestRemoved = merged.findIndex((c) => c.removedAt != null);
		merged.splice(oldestRemoved >= 0 ? oldestRemoved : merged.length - 1, 1);
	}
	return merged;
}

/**
 * Earliest first, then by key and signature, then by every other field: a total order, so which
 * of two certificates for one device is kept never depends on which list came first.
 */
function compareCertificates(x: DeviceCertificate, y: DeviceCertificate): number {
	return (
		x.addedAt - y.addedAt ||
		cmp(x.deviceKey, y.deviceKey) ||
		cmp(x.signature, y.signature) ||
		cmp(JSON.stringify(certificateFields(x)), JSON.stringify(certificateFields(y)))
	);
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
