import { afterEach, describe, expect, it, vi } from 'vitest';
import { RuleError } from '$lib/domain/errors';
import { logged, runAsyncCommand, runCommand } from './run-command';

const words = (error: unknown) => (error instanceof RuleError ? `refused: ${error.code}` : 'oops');

afterEach(() => vi.restoreAllMocks());

describe('runCommand', () => {
	it('says nothing when the command worked', () => {
		const command = vi.fn();
		expect(runCommand(command, words)).toBeNull();
		expect(command).toHaveBeenCalledOnce();
	});

	it('turns what the command threw into words', () => {
		expect(
			runCommand(() => {
				throw new RuleError('full');
			}, words)
		).toBe('refused: full');
	});
});

describe('runAsyncCommand', () => {
	it('waits for the command, then says nothing', async () => {
		let done = false;
		const result = await runAsyncCommand(async () => {
			await Promise.resolve();
			done = true;
		}, words);
		expect(result).toBeNull();
		expect(done).toBe(true);
	});

	it('turns a rejection into words', async () => {
		await expect(runAsyncCommand(() => Promise.reject(new Error('x')), words)).resolves.toBe(
			'oops'
		);
	});
});

describe('logged', () => {
	it('logs the error before putting it into words', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const error = new RuleError('late');
		expect(logged(words)(error)).toBe('refused: late');
		expect(log).toHaveBeenCalledWith(error);
	});
});
