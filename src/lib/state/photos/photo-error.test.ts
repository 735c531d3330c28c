import { describe, expect, it } from 'vitest';
import { BlobApiError } from '$lib/sync/blob-api';
import { boardsWithFullStorage, photoErrorOf } from './photo-error';

describe('photo errors', () => {
	it('name the relay’s refusals as the picker’s codes', () => {
		expect(photoErrorOf(new BlobApiError('quota-exceeded')).code).toBe('quota-full');
		expect(photoErrorOf(new BlobApiError('too-large')).code).toBe('too-big');
		expect(photoErrorOf(new BlobApiError('unreachable')).code).toBe('offline');
		expect(photoErrorOf(new TypeError('boom')).code).toBe('upload-failed');
	});

	it('name only the boards whose storage refused the photo for its quota', () => {
		const boards = [
			{ name: 'Bonnevoie' },
			{ name: 'Gare' },
			{ name: 'Limpertsberg' },
			{ name: 'Cents' }
		];
		const uploads: PromiseSettledResult<boolean>[] = [
			{ status: 'rejected', reason: new BlobApiError('quota-exceeded') },
			{ status: 'fulfilled', value: true },
			{ status: 'rejected', reason: new BlobApiError('unreachable') },
			{ status: 'rejected', reason: new BlobApiError('quota-exceeded') }
		];
		expect(boardsWithFullStorage(boards, uploads)).toEqual(['Bonnevoie', 'Cents']);
		expect(boardsWithFullStorage(boards, [])).toEqual([]);
	});
});
