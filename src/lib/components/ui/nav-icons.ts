/**
 * The few icons of every page's first paint (tab bar, top bar, offline line, the board's "+"), as
 * plain SVG shapes drawn by NavIcon.svelte: importing them from `@lucide/svelte` would pull
 * lucide's shared `Icon` component into every page's first load. The shapes are copied verbatim
 * from Lucide 1.48.0 (`node_modules/@lucide/svelte/dist/icons/<name>.svelte`, ISC licence,
 * © Lucide Icons and Contributors); nav-icons.test.ts checks they still match. Every other icon
 * stays a lucide import, loaded later (later-icons.svelte.ts) or on its own page.
 */
export type NavShape =
	| ['path', { d: string }]
	| ['circle', { cx: string; cy: string; r: string }]
	| ['rect', { x: string; y: string; width: string; height: string; rx: string }];

export const NAV_ICONS = {
	house: [
		['path', { d: 'M15 21v-8a1 1 0 0 0-1-1h-4a1 1 0 0 0-1 1v8' }],
		[
			'path',
			{
				d: 'M3 10a2 2 0 0 1 .709-1.528l7-6a2 2 0 0 1 2.582 0l7 6A2 2 0 0 1 21 10v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z'
			}
		]
	],
	search: [
		['path', { d: 'm21 21-4.34-4.34' }],
		['circle', { cx: '11', cy: '11', r: '8' }]
	],
	'calendar-check': [
		['path', { d: 'M8 2v3' }],
		['path', { d: 'M16 2v3' }],
		['rect', { x: '3', y: '3', width: '18', height: '18', rx: '2' }],
		['path', { d: 'M3 9h18' }],
		['path', { d: 'm9 15 2 2 4-4' }]
	],
	'circle-user': [
		['circle', { cx: '12', cy: '12', r: '10' }],
		['circle', { cx: '12', cy: '10', r: '3' }],
		['path', { d: 'M7 20.662V19a2 2 0 0 1 2-2h6a2 2 0 0 1 2 2v1.662' }]
	],
	'chevron-left': [['path', { d: 'm15 18-6-6 6-6' }]],
	'wifi-off': [
		['path', { d: 'M12 20h.01' }],
		['path', { d: 'M8.5 16.429a5 5 0 0 1 7 0' }],
		['path', { d: 'M5 12.859a10 10 0 0 1 5.17-2.69' }],
		['path', { d: 'M19 12.859a10 10 0 0 0-2.007-1.523' }],
		['path', { d: 'M2 8.82a15 15 0 0 1 4.177-2.643' }],
		['path', { d: 'M22 8.82a15 15 0 0 0-11.288-3.764' }],
		['path', { d: 'm2 2 20 20' }]
	],
	plus: [
		['path', { d: 'M5 12h14' }],
		['path', { d: 'M12 5v14' }]
	]
} as const satisfies Record<string, readonly NavShape[]>;

export type NavIconName = keyof typeof NAV_ICONS;
