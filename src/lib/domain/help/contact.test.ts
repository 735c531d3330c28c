import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { isEmptyContact, validateContact } from './contact';

function codes(phone: string, address = ''): Record<string, string> {
	try {
		validateContact({ phone, address });
		return {};
	} catch (error) {
		if (error instanceof ValidationError) return error.fields;
		throw error;
	}
}

describe('post contact details', () => {
	it('trims and accepts usual phone formats', () => {
		expect(validateContact({ phone: ' 06 12 34 56 78 ', address: ' 3 rue des Lilas ' })).toEqual({
			phone: '06 12 34 56 78',
			address: '3 rue des Lilas'
		});
		for (const phone of ['+352 621-123.456', '(0)6 12 34 56 78', '0612345678', '06/12/34/56/78']) {
			expect(codes(phone), phone).toEqual({});
		}
	});

	it('allows either field alone, or none', () => {
		expect(codes('', '3 rue des Lilas')).toEqual({});
		expect(codes('0612345678', '')).toEqual({});
		expect(codes('', '')).toEqual({});
	});

	it('refuses numbers nobody could dial, and overlong fields', () => {
		expect(codes('12 34')).toEqual({ phone: 'phone' });
		expect(codes('appelez-moi')).toEqual({ phone: 'phone' });
		expect(codes('06 12 34 56 78 le soir')).toEqual({ phone: 'phone' });
		expect(codes('0'.repeat(41))).toEqual({ phone: 'tooLong' });
		expect(codes('', 'x'.repeat(301))).toEqual({ address: 'tooLong' });
	});

	it('knows when there is nothing to share', () => {
		expect(isEmptyContact({ phone: ' ', address: '' })).toBe(true);
		expect(isEmptyContact({ phone: '', address: 'ici' })).toBe(false);
	});
});
