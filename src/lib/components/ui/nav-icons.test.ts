/**
 * The first-paint icons are lucide's own shapes, copied (nav-icons.ts): each must still equal the
 * icon of the installed @lucide/svelte, so an upgrade that redraws one is noticed here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NAV_ICONS } from './nav-icons';

const ICONS = new URL('../../../../node_modules/@lucide/svelte/dist/icons/', import.meta.url);

/** The `iconData.node` of lucide's component file for `name`. */
function lucideNode(name: string): unknown {
	const source = readFileSync(fileURLToPath(new URL(`${name}.svelte`, ICONS)), 'utf8');
	const json = /const iconData = (\{.*\});/.exec(source)?.[1];
	if (!json) throw new Error(`no iconData in lucide's ${name}.svelte`);
	return (JSON.parse(json) as { node: unknown }).node;
}

describe('nav icons', () => {
	for (const [name, shapes] of Object.entries(NAV_ICONS)) {
		it(`${name} is lucide's ${name}`, () => {
			expect(shapes).toEqual(lucideNode(name));
		});
	}
});
