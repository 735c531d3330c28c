/**
 * One way to open sealed JSON for cowork addresses and post contacts: the shape is checked, and
 * anything wrong (another context, another reader, not JSON, not that shape) reads as null.
 */
import { describe, expect, it } from 'vitest';
import { generateEncryptionKeys, seal } from '$lib/domain/identity/sealed';
import {
	ContactDetailsJson,
	openSealedJson,
	PrivateDetailsJson,
	sealJson,
	type MyEncryptionKeys
} from './sealed-json';

async function member(): Promise<MyEncryptionKeys> {
	const { publicKey, privateKey } = await generateEncryptionKeys();
	return { encryptionKey: publicKey, encryptionPrivateKey: privateKey };
}

const sealRaw = (from: MyEncryptionKeys, to: MyEncryptionKeys, context: string, plain: string) =>
	seal(from.encryptionPrivateKey, from.encryptionKey, to.encryptionKey, context, plain);

describe('sealed JSON', () => {
	it('opens for both parties, in the schema’s shape, under its context only', async () => {
		const host = await member();
		const guest = await member();
		const other = await member();
		const details = { address: '12 rue des Lilas', access: 'Code 4821B', extra: 'dropped' };
		const sealed = await sealJson(host, [guest.encryptionKey], 'ana:booking', details);
		const expected = { address: '12 rue des Lilas', access: 'Code 4821B' };
		expect(await openSealedJson(guest, sealed, 'ana:booking', PrivateDetailsJson)).toEqual(
			expected
		);
		expect(await openSealedJson(host, sealed, 'ana:booking', PrivateDetailsJson)).toEqual(expected);
		expect(await openSealedJson(guest, sealed, 'ana:other', PrivateDetailsJson)).toBeNull();
		expect(await openSealedJson(other, sealed, 'ana:booking', PrivateDetailsJson)).toBeNull();
	});

	it('reads a blob that is not JSON, or not the expected shape, as unavailable', async () => {
		const me = await member();
		const notJson = await sealRaw(me, me, 'ctx', '12 rue des Lilas');
		expect(await openSealedJson(me, notJson, 'ctx', PrivateDetailsJson)).toBeNull();
		expect(await openSealedJson(me, notJson, 'ctx', ContactDetailsJson)).toBeNull();
		const contact = await sealJson(me, [me.encryptionKey], 'ctx', { phone: '06', address: '' });
		// A post's contact is not a space's private details.
		expect(await openSealedJson(me, contact, 'ctx', PrivateDetailsJson)).toBeNull();
		expect(
			await openSealedJson(me, await sealRaw(me, me, 'ctx', 'null'), 'ctx', ContactDetailsJson)
		).toBeNull();
	});

	it('fills a contact field an older client left out or wrote as something else', async () => {
		const me = await member();
		const partial = await sealRaw(me, me, 'ctx', JSON.stringify({ phone: '06 12', address: 3 }));
		expect(await openSealedJson(me, partial, 'ctx', ContactDetailsJson)).toEqual({
			phone: '06 12',
			address: ''
		});
	});
});
