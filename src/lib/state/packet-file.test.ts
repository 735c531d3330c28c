import { describe, expect, it } from 'vitest';
import { packetFileName } from './packet-file';

describe('packet files', () => {
	it('names a packet file after the board and the local day', () => {
		const day = new Date(2026, 11, 2, 9).getTime();
		expect(packetFileName('Rue des Lilas — Metz', day)).toBe(
			'quartier-rue-des-lilas-metz-2026-12-02.qpk'
		);
		expect(packetFileName('…', day)).toBe('quartier-tableau-2026-12-02.qpk');
	});
});
