import { beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
	ENCRYPTION_KEY_RE,
	generateEncryptionKeys,
	open,
	seal,
	SEALED_MAX_PLAINTEXT_BYTES,
	SealedRecord,
	type EncryptionKeys,
	type Sealed
} from './sealed';

const context = 'host:booking-1';
const address = '12, rue des Lilas — 3e étage, code 4521';
let host: EncryptionKeys;
let guest: EncryptionKeys;
let stranger: EncryptionKeys;

beforeAll(async () => {
	[host, guest, stranger] = await Promise.all([
		generateEncryptionKeys(),
		generateEncryptionKeys(),
		generateEncryptionKeys()
	]);
});

/** Flips one bit of a base64url string's first byte, keeping it well-formed. */
function flip(s: string): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
	return alphabet.charAt(alphabet.indexOf(s.charAt(0)) ^ 1) + s.slice(1);
}

describe('sealed', () => {
	it('makes canonical public keys and a non-extractable private key', () => {
		expect(host.publicKey).toMatch(ENCRYPTION_KEY_RE);
		expect(host.privateKey.extractable).toBe(false);
		expect(host.privateKey.usages).toEqual(['deriveBits']);
	});

	it('opens for the recipient and for the sealer, in both directions', async () => {
		const toGuest = await seal(host.privateKey, host.publicKey, guest.publicKey, context, address);
		expect(toGuest).toMatchObject({ v: 1, from: host.publicKey, to: guest.publicKey });
		expect(toGuest.ct).not.toContain('Lilas');
		expect(await open(guest.privateKey, guest.publicKey, toGuest, context)).toBe(address);
		expect(await open(host.privateKey, host.publicKey, toGuest, context)).toBe(address);

		const toHost = await seal(guest.privateKey, guest.publicKey, host.publicKey, context, 'merci');
		expect(await open(host.privateKey, host.publicKey, toHost, context)).toBe('merci');
		expect(await open(guest.privateKey, guest.publicKey, toHost, context)).toBe('merci');
	});

	it('seals to oneself', async () => {
		const note = await seal(host.privateKey, host.publicKey, host.publicKey, context, 'à moi');
		expect(note.from).toBe(note.to);
		expect(await open(host.privateKey, host.publicKey, note, context)).toBe('à moi');
		expect(await open(guest.privateKey, guest.publicKey, note, context)).toBeNull();
	});

	it('uses a fresh iv each time', async () => {
		const a = await seal(host.privateKey, host.publicKey, guest.publicKey, context, address);
		const b = await seal(host.privateKey, host.publicKey, guest.publicKey, context, address);
		expect(a.iv).not.toBe(b.iv);
		expect(a.ct).not.toBe(b.ct);
	});

	it('does not open for a third party, even one claiming to be the recipient', async () => {
		const sealed = await seal(host.privateKey, host.publicKey, guest.publicKey, context, address);
		expect(await open(stranger.privateKey, stranger.publicKey, sealed, context)).toBeNull();
		// The stranger's private key with the guest's public key: the derived key differs.
		expect(await open(stranger.privateKey, guest.publicKey, sealed, context)).toBeNull();
		const readdressed = { ...sealed, to: stranger.publicKey };
		expect(await open(stranger.privateKey, stranger.publicKey, readdressed, context)).toBeNull();
	});

	it('refuses tampered ciphertext, iv or keys', async () => {
		const sealed = await seal(host.privateKey, host.publicKey, guest.publicKey, context, address);
		const { privateKey, publicKey } = guest;
		expect(
			await open(privateKey, publicKey, { ...sealed, ct: flip(sealed.ct) }, context)
		).toBeNull();
		expect(
			await open(privateKey, publicKey, { ...sealed, iv: flip(sealed.iv) }, context)
		).toBeNull();
		expect(
			await open(privateKey, publicKey, { ...sealed, ct: sealed.ct.slice(0, -4) }, context)
		).toBeNull();
		expect(
			await open(privateKey, publicKey, { ...sealed, from: stranger.publicKey }, context)
		).toBeNull();
	});

	it('does not open under another context', async () => {
		const sealed = await seal(host.privateKey, host.publicKey, guest.publicKey, context, address);
		expect(await open(guest.privateKey, guest.publicKey, sealed, 'host:booking-2')).toBeNull();
		expect(await open(guest.privateKey, guest.publicKey, sealed, '')).toBeNull();
	});

	it('returns null for malformed input instead of throwing', async () => {
		const sealed = await seal(host.privateKey, host.publicKey, guest.publicKey, context, address);
		const { privateKey, publicKey } = guest;
		const bad: unknown[] = [
			null,
			'sealed',
			{},
			{ ...sealed, v: 2 },
			{ ...sealed, iv: 'not base64!' },
			{ ...sealed, iv: sealed.iv + 'AAAA' },
			{ ...sealed, ct: 'A' },
			{ ...sealed, ct: 12 },
			{ ...sealed, from: 'B'.repeat(87) },
			// Well-formed but not a point on the curve.
			{ ...sealed, from: 'B' + 'A'.repeat(86) },
			{ ...sealed, from: sealed.from.slice(1) }
		];
		for (const blob of bad) {
			expect(await open(privateKey, publicKey, blob as Sealed, context)).toBeNull();
		}
		expect(await open(privateKey, publicKey, sealed, 42 as unknown as string)).toBeNull();
	});

	it('refuses to seal what readers could not accept', async () => {
		await expect(seal(host.privateKey, host.publicKey, 'nope', context, address)).rejects.toThrow(
			TypeError
		);
		const tooLong = 'x'.repeat(SEALED_MAX_PLAINTEXT_BYTES + 1);
		await expect(
			seal(host.privateKey, host.publicKey, guest.publicKey, context, tooLong)
		).rejects.toThrow(RangeError);
		const longest = await seal(
			host.privateKey,
			host.publicKey,
			guest.publicKey,
			context,
			'x'.repeat(SEALED_MAX_PLAINTEXT_BYTES)
		);
		expect(v.is(SealedRecord, longest)).toBe(true);
	});

	it('validates sealed records read from a doc', async () => {
		const sealed = await seal(host.privateKey, host.publicKey, guest.publicKey, context, address);
		expect(v.is(SealedRecord, sealed)).toBe(true);
		expect(v.is(SealedRecord, { ...sealed, ct: 'A'.repeat(8001) })).toBe(false);
		expect(v.is(SealedRecord, { ...sealed, iv: 'A'.repeat(33) })).toBe(false);
		expect(v.is(SealedRecord, { ...sealed, to: sealed.to + 'A'.repeat(20) })).toBe(false);
		expect(v.is(SealedRecord, { ...sealed, v: '1' })).toBe(false);
	});
});
