/** The board session reaches pages through the board layout's context, and only there. */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { BoardSession } from './board/session.svelte';
import Board from './board-context-fixtures/Board.svelte';
import Probe from './board-context-fixtures/Probe.svelte';

describe('board context', () => {
	it('hands a page the session its board layout set', () => {
		const session = { id: 'board-42' } as BoardSession;
		expect(render(Board, { props: { session } }).body).toContain('board-42');
	});

	it('says so when a component outside a board asks for the session', () => {
		// render() is lazy: the component runs when its body is read.
		expect(() => render(Probe).body).toThrow(/outside a board page/);
	});
});
