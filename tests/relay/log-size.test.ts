/**
 * When a room folds its log (sync-server/log-size.ts): a small board after `afterRows` rows as
 * before; a big one only once its new rows weigh an eighth of it, or number ten times `afterRows`.
 */
import { describe, expect, it } from 'vitest';
import { LogSize } from '../../sync-server/log-size';

const AFTER_ROWS = 200;

function appendUntilDue(size: LogSize, rowBytes: number, limit = 100_000): number {
	let appended = 0;
	while (!size.foldDue && appended < limit) {
		size.appended(rowBytes);
		appended++;
	}
	return appended;
}

describe('when a room folds its log', () => {
	it('a new board folds after afterRows rows, like before', () => {
		const size = new LogSize(AFTER_ROWS);
		size.loaded([]);
		expect(appendUntilDue(size, 300)).toBe(AFTER_ROWS + 1);
	});

	it('a board folded to 26 MB waits until its new rows weigh an eighth of it, or number 2,000', () => {
		const folded = 26_000_000;
		const small = new LogSize(AFTER_ROWS);
		small.loaded([folded]);
		// 300-byte edits: 2,000 rows are 600 KB, far from 3.25 MB; the row count decides.
		expect(appendUntilDue(small, 300)).toBe(AFTER_ROWS * 10);

		const medium = new LogSize(AFTER_ROWS);
		medium.loaded([folded, 40_000]);
		// 5 KB rows (a roster, a long description): an eighth of 26 MB after 642 more rows.
		const rows = appendUntilDue(medium, 5_000);
		expect(rows).toBe(Math.ceil((folded / 8 - 40_000) / 5_000));
		expect(medium.rows).toBeLessThan(AFTER_ROWS * 10);

		// Heavy rows weigh enough long before: the row count decides again.
		const heavy = new LogSize(AFTER_ROWS);
		heavy.loaded([folded]);
		expect(appendUntilDue(heavy, 100_000)).toBe(AFTER_ROWS);
	});

	it('counts the rows appended while a fold commits, and measures the next fold from its row', () => {
		const size = new LogSize(AFTER_ROWS);
		size.loaded([1000, 500, 500]);
		expect(size.bytes).toBe(2000);
		expect(size.foldStarted()).toBe(3);
		size.appended(100);
		size.foldCommitted(1800);
		expect(size.rows).toBe(2);
		expect(size.bytes).toBe(1900);
		// From the 1,800-byte fold: rows of 10 bytes are due at 201 rows (2,000 bytes ≥ 1,800 / 8).
		expect(appendUntilDue(size, 10)).toBe(AFTER_ROWS - 1);
	});
});
