/**
 * Records read from a doc may come from older, newer or buggy clients: each is checked against
 * these schemas, and anything that fails is skipped by views and listed in the debug view.
 * Schemas are loose (`looseObject`) so unknown fields from newer clients pass and are kept.
 */
import * as v from 'valibot';
import { requiredText, text, time } from '../fields';

export const BOARD_LIMITS = {
	name: 80,
	city: 80,
	neighbourhood: 80,
	description: 2000
} as const;

export const BoardRecord = v.looseObject({
	schemaVersion: v.number(),
	name: requiredText(BOARD_LIMITS.name),
	city: text(BOARD_LIMITS.city),
	neighbourhood: text(BOARD_LIMITS.neighbourhood),
	description: text(BOARD_LIMITS.description),
	nonce: v.string(),
	createdAt: time
});
