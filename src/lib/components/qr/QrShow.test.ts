/** QrShow rendered on the server: one code for a small payload, the first of n frames otherwise. */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { toFrames } from '$lib/domain/qr/frames';
import QrShow from './QrShow.svelte';

const html = (data: Uint8Array) =>
	render(QrShow, { props: { data, label: 'Code du paquet' } }).body;

describe('QrShow', () => {
	it('shows one code, named by its label, with no controls for a small payload', () => {
		const body = html(new Uint8Array(300).fill(1));
		expect(body).toContain('role="img" aria-label="Code du paquet"');
		expect(body.match(/<svg/g)).toHaveLength(1);
		expect(body).not.toContain('<button');
	});

	it('shows frame 1 of n with pause, previous and next for a large payload', () => {
		const data = new Uint8Array(3000).map((_, i) => i % 256);
		const total = toFrames(data).length;
		const body = html(data);
		expect(body).toContain(`data-frames="${total}"`);
		expect(body).toContain(`Code 1 / ${total}`);
		for (const name of ['Code précédent', 'Mettre en pause', 'Code suivant']) {
			expect(body).toContain(name);
		}
		expect(body.match(/<svg/g)).toHaveLength(1);
	});
});
