import { describe, expect, it } from 'vitest';
import { importProblemMessage, importSummary, storageUsage } from './settings-labels';

// Intl puts a narrow no-break space between number and unit.
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('settings labels', () => {
	it('formats sizes in French with decimal units', () => {
		expect(plain(storageUsage(2_400_000, 1_200_000_000))).toBe('2,4 Mo utilisés sur 1,2 Go');
	});

	it('names the problem and says nothing changed', () => {
		const board = { index: 2, name: 'Lilas' };
		expect(importProblemMessage({ code: 'altered', board })).toBe(
			'Le contenu du tableau «\u00a0Lilas\u00a0» a été modifié ou abîmé depuis l’export\u00a0: il ne correspond plus à son empreinte. Rien n’a été modifié sur cet appareil.'
		);
		expect(
			importProblemMessage({ code: 'invalid', field: 'secret', board: { index: 2, name: ' ' } })
		).toContain('la clé d’accès du tableau n°\u00a02 manque');
		expect(plain(importProblemMessage({ code: 'too-big' }))).toContain('(67,1 Mo au plus)');
	});

	it('counts restored and present boards', () => {
		expect(importSummary(2, 1)).toBe('2 tableaux restaurés, 1 déjà présent.');
		expect(importSummary(1, 0)).toBe('1 tableau restauré.');
		expect(importSummary(0, 3)).toBe('Aucun tableau restauré, 3 déjà présents.');
		expect(importSummary(0, 0)).toBe('Ce fichier ne contient aucun tableau.');
	});
});
