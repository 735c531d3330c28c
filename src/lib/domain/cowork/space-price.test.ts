/** Spaces state their terms and directory flag; slots may carry a price per seat (issue 16). */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ValidationError } from '../errors';
import { FAKE_SEALED as SEALED, memberId } from '../test-helpers';
import { readSlots, readSpaces } from './read';
import * as spaces from './space-commands';
import type { SlotInput, SpaceInput } from './types';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 23, 8);
const START = NOW + 48 * HOUR;
const host = memberId('host');

const SPACE: SpaceInput = {
	title: 'Bureau au calme',
	description: '',
	city: 'Luxembourg',
	neighbourhood: 'Bonnevoie',
	seats: 4,
	amenities: ['wifi'],
	workMode: 'silent',
	houseRules: '',
	autoAccept: false
};
const SLOT: SlotInput = {
	start: START,
	end: START + 4 * HOUR,
	seats: 2,
	deadline: null,
	repeatWeeks: 0
};

const fieldsOf = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		if (error instanceof ValidationError) return error.fields;
		throw error;
	}
	return {};
};

describe('space terms and seat prices', () => {
	it('writes a space’s terms and directory flag, and keeps them on an edit that states none', () => {
		const doc = new Y.Doc();
		const key = spaces.createSpace(
			doc,
			host,
			{ ...SPACE, price: { kind: 'contribution', euros: '' }, listed: true },
			SEALED,
			NOW
		);
		expect(readSpaces(doc).get(key)).toMatchObject({
			price: { kind: 'contribution' },
			listed: true
		});
		spaces.editSpace(doc, host, key, { ...SPACE, title: 'Salon' }, null, NOW + 1);
		expect(readSpaces(doc).get(key)).toMatchObject({
			title: 'Salon',
			price: { kind: 'contribution' },
			listed: true
		});
		spaces.editSpace(
			doc,
			host,
			key,
			{ ...SPACE, price: { kind: 'fixed', euros: '8' }, listed: false },
			null,
			NOW + 2
		);
		expect(readSpaces(doc).get(key)).toMatchObject({
			price: { kind: 'fixed', cents: 800 },
			listed: false
		});
	});

	it('is unlisted with no terms by default, and refuses a bad amount', () => {
		const doc = new Y.Doc();
		const key = spaces.createSpace(doc, host, SPACE, SEALED, NOW);
		expect(readSpaces(doc).get(key)).toMatchObject({ price: null, listed: false });
		const priced = (euros: string): SpaceInput => ({ ...SPACE, price: { kind: 'hourly', euros } });
		expect(fieldsOf(() => spaces.createSpace(doc, host, priced(''), SEALED, NOW))).toEqual({
			price: 'required'
		});
		expect(fieldsOf(() => spaces.createSpace(doc, host, priced('3.999'), SEALED, NOW))).toEqual({
			price: 'notAnAmount'
		});
		expect(fieldsOf(() => spaces.createSpace(doc, host, priced('20000'), SEALED, NOW))).toEqual({
			price: 'tooHigh'
		});
	});

	it('writes a seat price on every slot of a series, and none when left empty', () => {
		const doc = new Y.Doc();
		const space = spaces.createSpace(doc, host, SPACE, SEALED, NOW);
		const series = spaces.createSlots(
			doc,
			host,
			space,
			{ ...SLOT, repeatWeeks: 2, seatPrice: '12,50' },
			NOW
		);
		const [plain] = spaces.createSlots(doc, host, space, { ...SLOT, seatPrice: ' ' }, NOW);
		const slots = readSlots(doc);
		expect(series.map((k) => slots.get(k)?.seatPriceCents)).toEqual([1250, 1250, 1250]);
		expect(slots.get(plain!)?.seatPriceCents).toBeNull();
	});

	it('refuses a seat price that is not an amount or too high', () => {
		const doc = new Y.Doc();
		const space = spaces.createSpace(doc, host, SPACE, SEALED, NOW);
		const open = (seatPrice: string) => () =>
			spaces.createSlots(doc, host, space, { ...SLOT, seatPrice }, NOW);
		expect(fieldsOf(open('douze'))).toEqual({ seatPrice: 'notAnAmount' });
		expect(fieldsOf(open('0'))).toEqual({ seatPrice: 'notAnAmount' });
		expect(fieldsOf(open('10001'))).toEqual({ seatPrice: 'tooHigh' });
		expect(readSlots(doc).size).toBe(0);
	});
});
