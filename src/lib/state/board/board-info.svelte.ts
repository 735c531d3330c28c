/** The board record (name, city, creator): read first, every other feature may use it. */
import * as board from '$lib/domain/board/commands';
import { readBoard } from '$lib/domain/board/read';
import { ROOT } from '$lib/domain/board/schema';
import type { BoardInfo, InvalidRecord } from '$lib/domain/board/types';
import type { StoredBoard } from '$lib/persistence/db';
import type { BoardFeature } from './feature';
import type { BoardScope } from './scope';

export class BoardInfoFeature implements BoardFeature {
	readonly name = 'board';
	readonly inputs = [ROOT.board];
	readonly uses = [];
	readonly timed = false;

	info = $state.raw<BoardInfo | null>(null);
	/**
	 * Whether I was an admin when this device last read the doc (the creator's device: yes), for
	 * laying a page out before the doc is read; the doc's own answer is the moderation feature's.
	 */
	readonly wasAdmin: boolean;

	constructor(
		private readonly scope: BoardScope,
		private readonly stored: StoredBoard
	) {
		this.wasAdmin = stored.admin ?? stored.creation !== undefined;
	}

	refresh(): InvalidRecord[] {
		const invalid: InvalidRecord[] = [];
		this.info = readBoard(this.scope.doc, this.scope.boardId, invalid);
		return invalid;
	}

	/**
	 * On the creator's device, writes the board record if the doc lacks it: the first write may
	 * not have reached IndexedDB before the tab closed.
	 */
	restoreIfMissing(): void {
		const creation = this.stored.creation;
		if (this.info || !creation) return;
		const { doc, me, origin } = this.scope;
		board.createBoard(doc, me, creation.nonce, creation.input, Date.now(), origin);
	}
}
