/**
 * Device chains and device-list merges. The merge must not depend on which device runs it, or two
 * of my devices online together would rewrite my profile for ever: checked on random lists
 * (fast-check prints the seed and the shrunk lists on failure).
 */
import fc from 'fast-check';
import { toBase64UrlEncoded } from 'lib0/buffer';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberIdFromPublicKey } from './member-id';
import {
	certificatePayload,
	chainTo,
	mergeDeviceLists,
	trustedDevices,
	type DeviceCertificate
} from './device-chain';
import { generateIdentityKeys, signBytes, verifyBytes, type IdentityKeys } from './keys';

const ENC = `B${'A'.repeat(86)}`;
let root: IdentityKeys;
let devices: IdentityKeys[];

beforeAll(async () => {
	root = await generateIdentityKeys();
	devices = await Promise.all([1, 2, 3, 4].map(() => generateIdentityKeys()));
});

async function certify(
	memberId: string,
	issuer: IdentityKeys,
	device: IdentityKeys,
	addedAt: number
): Promise<DeviceCertificate> {
	const unsigned = {
		deviceKey: device.publicKey,
		encryptionKey: ENC,
		label: `d${addedAt}`,
		addedAt,
		issuer: issuer.publicKey,
		signature: ''
	};
	const signature = await signBytes(issuer.privateKey, certificatePayload(memberId, unsigned));
	return { ...unsigned, signature: toBase64UrlEncoded(signature) };
}

describe('device chains', () => {
	it('trusts every certificate that chains to the first key, in any order, and no other', async () => {
		const memberId = memberIdFromPublicKey(root.publicKey);
		const [a, b, c, stranger] = devices as [IdentityKeys, IdentityKeys, IdentityKeys, IdentityKeys];
		const ca = await certify(memberId, root, a, 1);
		const cb = await certify(memberId, a, b, 2);
		const cc = await certify(memberId, stranger, c, 3);
		// Listed child first: still trusted once its issuer is.
		const trusted = await trustedDevices(memberId, root.publicKey, [cb, cc, ca], verifyBytes);
		expect([...trusted.keys()].sort()).toEqual([a.publicKey, b.publicKey].sort());
		expect(chainTo(root.publicKey, [cb, ca], b.publicKey)).toEqual([ca, cb]);
		expect(chainTo(root.publicKey, [cb], b.publicKey)).toBeNull();
		// A tampered certificate drops itself and everything it vouched for.
		const tampered = { ...ca, encryptionKey: `B${'Q'.repeat(86)}` };
		const after = await trustedDevices(memberId, root.publicKey, [tampered, cb], verifyBytes);
		expect(after.size).toBe(0);
	});
});

describe('merging device lists', () => {
	const key = fc.constantFrom(...'abcdef'.split('').map((ch) => ch.repeat(43)));
	const certificate = fc.record({
		deviceKey: key,
		encryptionKey: fc.constant(ENC),
		label: fc.constantFrom('Tablette', 'Téléphone'),
		addedAt: fc.integer({ min: 1, max: 5 }),
		issuer: key,
		signature: fc.constantFrom('s1', 's2', 's3'),
		removedAt: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null })
	});
	const list = fc.array(certificate, { maxLength: 8 });

	it('does not depend on the order of the lists or their entries, and merging twice changes nothing', () => {
		fc.assert(
			fc.property(list, list, (a, b) => {
				const ab = mergeDeviceLists(a, b);
				expect(mergeDeviceLists(b, a)).toEqual(ab);
				expect(mergeDeviceLists([...b].reverse(), [...a].reverse())).toEqual(ab);
				expect(mergeDeviceLists(ab, a)).toEqual(ab);
				expect(mergeDeviceLists(ab, ab)).toEqual(ab);
				// One entry per device, and a device taken back on either side stays taken back.
				expect(new Set(ab.map((c) => c.deviceKey)).size).toBe(ab.length);
				for (const c of [...a, ...b]) {
					if (c.removedAt == null) continue;
					const merged = ab.find((m) => m.deviceKey === c.deviceKey)!;
					expect(merged.removedAt).toBeLessThanOrEqual(c.removedAt);
				}
			}),
			{ numRuns: 300 }
		);
	});
});
