/**
 * Upkeep service: what waits for me on this board (domain/notify). An upkeep service rather than a
 * feature because features refresh synchronously on the board's first load, and deriving notices
 * reads every engagement, booking and comment of the doc again: here it runs once a burst has
 * settled, after the first paint, and only when a feature it depends on was refreshed (or the
 * minute tick made requests expire). It writes nothing to the doc.
 *
 * The last visit is kept in Dexie. The first time this device sees a board (no visit stored), the
 * notices already there count as seen, like the relay's first derivation pushes nothing: a phone
 * that installs this version does not greet its owner with forty "new" things from last month.
 * Open requests still count: they wait for an answer, seen or not.
 */
import { deriveNotices, noticesFor } from '$lib/domain/notify/derive';
import { noticeInputFromDoc } from '$lib/domain/notify/input';
import type { Notice } from '$lib/domain/notify/notice';
import { visitOf, waitingOf, type NoticeVisit, type Waiting } from '$lib/domain/notify/waiting';
import { loadVisit, saveVisit } from '$lib/persistence/notice-visits';
import type { BoardFeature } from './feature';
import type { BoardScope } from './scope';
import type { UpkeepService } from './upkeep';

export class NoticesService implements UpkeepService {
	readonly name = 'notices';
	/** My notices on this board, newest first ([] until the first run). */
	mine = $state.raw<readonly Notice[]>([]);
	visit = $state.raw<NoticeVisit | null>(null);
	/** False until the first derivation: the home screen shows no count rather than a wrong 0. */
	ready = $state(false);
	readonly waiting: Waiting = $derived(waitingOf(this.mine, this.visit));

	private due = true;
	private visitLoaded = false;

	constructor(
		private readonly scope: BoardScope,
		/** The features whose output notices are made of: their refresh makes a run due. */
		private readonly inputs: ReadonlySet<BoardFeature>,
		private readonly now: () => number = Date.now
	) {}

	noteRefreshed(features: Iterable<BoardFeature>): void {
		for (const feature of features) if (this.inputs.has(feature)) this.due = true;
	}

	async run(): Promise<void> {
		if (!this.due) return;
		this.due = false;
		const { db, doc, boardId } = this.scope;
		if (!this.visitLoaded) {
			this.visit = await loadVisit(db, boardId);
			this.visitLoaded = true;
		}
		const now = this.now();
		const mine = noticesFor(deriveNotices(noticeInputFromDoc(doc, boardId, now)), this.scope.me);
		this.mine = mine;
		this.ready = true;
		if (this.visit === null) await this.remember(visitOf(mine, now));
	}

	/** I have seen everything listed now (I leave "Quoi de neuf"). */
	async markVisited(): Promise<void> {
		// Before the first run nothing was listed, and the stored visit is not read yet.
		if (!this.ready) return;
		await this.remember(visitOf(this.mine, this.now()));
	}

	private async remember(visit: NoticeVisit): Promise<void> {
		this.visit = visit;
		await saveVisit(this.scope.db, this.scope.boardId, visit);
	}
}
