/**
 * messages/<locale>.json stay complete and parallel: every key in every locale, the same
 * parameters on both sides, keys in the shape the README asks for.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): Record<string, unknown> =>
	JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));

const settings = read('project.inlang/settings.json') as { locales: string[]; baseLocale: string };
const messages = Object.fromEntries(
	settings.locales.map((locale) => {
		const { $schema: _, ...rest } = read(`messages/${locale}.json`);
		return [locale, rest];
	})
);
const base = messages[settings.baseLocale] ?? {};

/** The {params} a message uses, from a string or from its variants' texts and declarations. */
function params(value: unknown): string[] {
	const text = JSON.stringify(value);
	const used = [...text.matchAll(/\{([a-zA-Z_]\w*)\}/g)].map((match) => match[1]);
	const inputs = [...text.matchAll(/"input (\w+)"/g)].map((match) => match[1]);
	const locals = new Set([...text.matchAll(/"local (\w+) =/g)].map((match) => match[1]));
	return [...new Set([...used, ...inputs])].filter((name) => !locals.has(name!)).sort() as string[];
}

describe('messages', () => {
	it('are French first, with English', () => {
		expect(settings.baseLocale).toBe('fr');
		expect(settings.locales).toEqual(['fr', 'en']);
	});

	it('have snake_case keys with an area prefix', () => {
		for (const key of Object.keys(base)) expect(key).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/);
	});

	for (const locale of settings.locales.filter((l) => l !== settings.baseLocale)) {
		it(`are all translated in ${locale}, with the same parameters`, () => {
			const other = messages[locale] ?? {};
			expect(Object.keys(other).sort()).toEqual(Object.keys(base).sort());
			for (const [key, value] of Object.entries(base)) {
				expect({ key, params: params(other[key]) }).toEqual({ key, params: params(value) });
				expect({ key, empty: JSON.stringify(other[key]) === '""' }).toEqual({ key, empty: false });
			}
		});
	}
});
