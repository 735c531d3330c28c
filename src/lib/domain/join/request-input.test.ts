import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { JOIN_LIMITS } from './request';
import { validateJoinRequestInput } from './request-input';

function errorsOf(run: () => unknown): Record<string, string> {
	try {
		run();
	} catch (error) {
		if (error instanceof ValidationError) return error.fields;
		throw error;
	}
	return {};
}

describe('the join request form', () => {
	it('wants a name and one answer per question, trimmed', () => {
		expect(
			validateJoinRequestInput({ name: ' Chloé ', bio: ' ', answers: [' Voisine '] }, 1)
		).toEqual({
			name: 'Chloé',
			bio: '',
			answers: ['Voisine']
		});
		expect(
			errorsOf(() => validateJoinRequestInput({ name: '', bio: '', answers: [''] }, 1))
		).toEqual({
			name: 'required',
			answer0: 'required'
		});
	});

	it('refuses texts over the limits, and answers nobody asked for are dropped', () => {
		const long = 'x'.repeat(JOIN_LIMITS.bio + 1);
		expect(
			errorsOf(() => validateJoinRequestInput({ name: 'A', bio: long, answers: [] }, 0))
		).toEqual({
			bio: 'tooLong'
		});
		expect(validateJoinRequestInput({ name: 'A', bio: '', answers: ['extra'] }, 0).answers).toEqual(
			[]
		);
	});
});
