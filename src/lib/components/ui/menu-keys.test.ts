import { describe, expect, it } from 'vitest';
import { menuIndexAfterKey } from './menu-keys';

describe('menuIndexAfterKey', () => {
	const all = [true, true, true];

	it('moves down and up, wrapping at both ends', () => {
		expect(menuIndexAfterKey(0, 'ArrowDown', all)).toBe(1);
		expect(menuIndexAfterKey(2, 'ArrowDown', all)).toBe(0);
		expect(menuIndexAfterKey(0, 'ArrowUp', all)).toBe(2);
		expect(menuIndexAfterKey(-1, 'ArrowDown', all)).toBe(0);
		expect(menuIndexAfterKey(-1, 'ArrowUp', all)).toBe(2);
	});

	it('jumps to the first and last enabled item', () => {
		expect(menuIndexAfterKey(1, 'Home', [false, true, true, false])).toBe(1);
		expect(menuIndexAfterKey(1, 'End', [false, true, true, false])).toBe(2);
	});

	it('skips disabled items and never lands on one', () => {
		const enabled = [true, false, true, false];
		for (let i = 0; i < enabled.length; i++)
			for (const key of ['ArrowDown', 'ArrowUp', 'Home', 'End']) {
				const next = menuIndexAfterKey(i, key, enabled);
				expect(next !== undefined && enabled[next], `${key} from ${i}`).toBe(true);
			}
	});

	it('leaves other keys alone and does nothing in an empty or all-disabled menu', () => {
		expect(menuIndexAfterKey(0, 'Tab', all)).toBeUndefined();
		expect(menuIndexAfterKey(0, 'ArrowDown', [])).toBeUndefined();
		expect(menuIndexAfterKey(0, 'ArrowDown', [false, false])).toBeUndefined();
	});
});
