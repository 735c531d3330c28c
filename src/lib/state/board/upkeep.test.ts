import { afterEach, describe, expect, it, vi } from 'vitest';
import { Upkeep, type UpkeepService } from './upkeep';

afterEach(() => vi.useRealTimers());

function runner(services: UpkeepService[], active = () => true) {
	const errors: unknown[] = [];
	const ticks: number[] = [];
	const upkeep = new Upkeep(services, {
		settleMs: 200,
		tickMs: 60_000,
		onTick: () => ticks.push(Date.now()),
		active,
		reportError: (e) => errors.push(e)
	});
	return { upkeep, errors, ticks };
}

describe('upkeep', () => {
	it('runs at-once services on schedule, settled ones once per burst, one run at a time', async () => {
		vi.useFakeTimers();
		const log: string[] = [];
		let release: () => void = () => {};
		const slow: UpkeepService = {
			name: 'slow',
			run: () => new Promise<void>((r) => (release = () => (log.push('slow'), r())))
		};
		const now: UpkeepService = { name: 'now', when: 'at-once', run: () => void log.push('now') };
		const { upkeep } = runner([now, slow]);
		upkeep.start();
		upkeep.schedule();
		upkeep.schedule();
		expect(log).toEqual(['now', 'now']);
		await vi.advanceTimersByTimeAsync(200);
		// A change while the slow service runs queues exactly one more run after it.
		upkeep.schedule();
		upkeep.schedule();
		release();
		await vi.advanceTimersByTimeAsync(200);
		release();
		await vi.advanceTimersByTimeAsync(1000);
		expect(log).toEqual(['now', 'now', 'now', 'now', 'slow', 'slow']);
		upkeep.stop();
	});

	it('reports a failing service and still runs the others; nothing runs while inactive', async () => {
		vi.useFakeTimers();
		let active = false;
		const ran: string[] = [];
		const boom: UpkeepService = {
			name: 'boom',
			run: () => {
				throw new Error('boom');
			}
		};
		const ok: UpkeepService = { name: 'ok', run: () => void ran.push('ok') };
		const { upkeep, errors, ticks } = runner([boom, ok], () => active);
		upkeep.start();
		upkeep.schedule();
		await vi.advanceTimersByTimeAsync(60_000);
		expect([ran, errors, ticks]).toEqual([[], [], []]);
		active = true;
		upkeep.schedule();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(ran).toEqual(['ok']);
		expect(errors).toHaveLength(1);
		expect(ticks).toHaveLength(1);
		upkeep.stop();
		await vi.advanceTimersByTimeAsync(120_000);
		expect(ticks).toHaveLength(1);
	});
});
