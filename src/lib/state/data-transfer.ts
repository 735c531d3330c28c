/**
 * "Exporter toutes mes données" and "Importer un fichier" (issue 7): my boards leave this device
 * as one JSON file (domain/transfer/export-file.ts) and come back on another one from it.
 */
import {
	buildExportFile,
	MAX_EXPORT_BYTES,
	parseExportFile,
	type ImportedBoard,
	type ImportProblem
} from '$lib/domain/transfer/export-file';
import { readBoardState, writeBoardState } from '$lib/persistence/board-doc';
import type { AppState } from './app.svelte';

export interface ExportResult {
	fileName: string;
	text: string;
	boards: number;
}

/** `bookingsIcs`: my bookings as iCalendar text (state/booking-calendar.ts), '' when none. */
export async function exportAllData(
	app: AppState,
	bookingsIcs: string,
	now = Date.now()
): Promise<ExportResult> {
	const identity = app.identity;
	if (!identity) throw new Error('no identity yet');
	const boards = [];
	for (const stored of app.boards) {
		const session = app.session(stored.id);
		// The open doc when it is loaded (it may hold updates from the relay y-indexeddb is still
		// writing); otherwise what is stored, read on the side.
		const state = session?.loaded ? session.exportState() : await readBoardState(stored.id);
		boards.push({
			id: stored.id,
			secret: stored.secret,
			name: session?.board.info?.name || stored.name,
			city: session?.board.info?.city || stored.city,
			joinedAt: stored.joinedAt,
			state
		});
	}
	const file = await buildExportFile({
		identity: {
			memberId: identity.memberId,
			name: identity.name,
			bio: identity.bio,
			publicKey: identity.publicKey,
			encryptionKey: identity.encryptionKey,
			memberSince: new Date(identity.createdAt).toISOString()
		},
		boards,
		bookingsIcs,
		now
	});
	return {
		fileName: `quartier-export-${localDay(now)}.json`,
		text: JSON.stringify(file, null, 2),
		boards: boards.length
	};
}

/** `2026-11-23`, the local day: the one the person sees on their calendar. */
function localDay(ms: number): string {
	const d = new Date(ms);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export type ImportOutcome =
	{ ok: true; restored: string[]; present: string[] } | { ok: false; problem: ImportProblem };

/** Reads a chosen file; one too big is refused before it is read into memory. */
export async function importFile(app: AppState, file: Blob): Promise<ImportOutcome> {
	if (file.size > MAX_EXPORT_BYTES) return { ok: false, problem: { code: 'too-big' } };
	return importText(app, await file.text());
}

/**
 * Restores the file's boards that are not on this device yet; boards already here are left as
 * they are (they sync with the relay; an old file must not bring back what they have since left).
 * The whole file is checked first, so a bad one changes nothing. Resolves with the boards' names.
 *
 * A restored board is not trusted until the relay confirms it (issue 18). The file's checksums
 * catch damage, not forgery: whoever edits the file can recompute them, and views honour any
 * record under a member's key, so a forged file could show another member's "confirmation". So:
 * - the board is stored marked `unconfirmed`, and says so wherever it is shown; offline, the
 *   person reads it as the file has it (that is what the import is for), and nothing of it is
 *   sealed or confirmed by the device itself meanwhile (session.svelte.ts);
 * - its doc never goes to the relay as it is. At the first sync the relay's state is fetched on
 *   the side and the board rebuilt from it plus my own member's changes from the file that pass
 *   my write scope (state/import-confirmation.ts, sync/trusted-import.ts); the rest is dropped,
 *   and the normal sync then sends the relay what of mine it lacks.
 */
export async function importText(app: AppState, text: string): Promise<ImportOutcome> {
	const parsed = await parseExportFile(text);
	if (!parsed.ok) return parsed;
	const known = new Set(app.boards.map((b) => b.id));
	const fresh = parsed.file.boards.filter((b) => !known.has(b.id));
	const present = parsed.file.boards.filter((b) => known.has(b.id));
	const added: string[] = [];
	try {
		for (const board of fresh) {
			added.push(board.id);
			await restore(app, board);
		}
	} catch (error) {
		// Storage failed half-way (a full disk): take back what this import added, then say so.
		for (const id of added) await app.leaveBoard(id).catch(app.reportError);
		throw error;
	}
	return { ok: true, restored: fresh.map((b) => b.name), present: present.map((b) => b.name) };
}

/**
 * The doc is stored before the board is saved, so the session opening it reads the content from
 * this device at once, offline too: like joining from an invite, without waiting for the relay.
 */
async function restore(app: AppState, board: ImportedBoard): Promise<void> {
	await writeBoardState(board.id, board.update);
	await app.addRestoredBoard({
		id: board.id,
		secret: board.secret,
		name: board.name,
		city: board.city,
		joinedAt: board.joinedAt,
		unconfirmed: { importedAt: Date.now() }
	});
}
