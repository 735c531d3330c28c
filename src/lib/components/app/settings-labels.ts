/**
 * Words of the settings page: storage sizes and promises, and what an import did or why it was
 * refused — always naming the problem and saying that nothing changed.
 */
import {
	MAX_EXPORT_BYTES,
	type BoardRef,
	type ImportProblem
} from '$lib/domain/transfer/export-file';
import { formatBytes } from '$lib/i18n/format';
import { m } from '$lib/paraglide/messages.js';

/** "2,4 Mo utilisés sur 1,2 Go". */
export function storageUsage(usage: number, quota: number): string {
	return m.settings_storage_usage({ used: formatBytes(usage), quota: formatBytes(quota) });
}

export function persistenceState(persistent: boolean | null): string {
	if (persistent === true) return m.settings_persistent_yes();
	if (persistent === false) return m.settings_persistent_no();
	return m.settings_persistent_unknown();
}

export function persistRequestResult(granted: boolean): string {
	return granted ? m.settings_persist_granted() : m.settings_persist_refused();
}

/** « Lilas », or n°2 when the file gives no usable name. */
function boardName(board: BoardRef): string {
	const name = board.name.trim();
	return name
		? m.settings_board_named({ name })
		: m.settings_board_numbered({ index: board.index });
}

/** The problem, then that nothing changed on this device. */
export function importProblemMessage(problem: ImportProblem): string {
	return m.settings_import_problem({ problem: problemText(problem) });
}

function problemText(problem: ImportProblem): string {
	switch (problem.code) {
		case 'too-big':
			return m.settings_import_too_big({ max: formatBytes(MAX_EXPORT_BYTES) });
		case 'not-json':
			return m.settings_import_not_json();
		case 'not-an-export':
			return m.settings_import_not_an_export();
		case 'newer-version':
			return m.settings_import_newer_version();
		case 'invalid':
			// One whole sentence per field: French agreement ("la clé d’accès … manque").
			return problem.board
				? m.settings_invalid_in_board({ field: problem.field, board: boardName(problem.board) })
				: m.settings_invalid({ field: problem.field });
		case 'duplicate-board':
			return m.settings_import_duplicate_board({ board: boardName(problem.board) });
		case 'bad-encoding':
			return m.settings_import_bad_encoding({ board: boardName(problem.board) });
		case 'altered':
			return m.settings_import_altered({ board: boardName(problem.board) });
		case 'unreadable':
			return m.settings_import_unreadable({ board: boardName(problem.board) });
	}
}

/** "2 tableaux restaurés, 1 déjà présent." (French counts 0 and 1 in the singular.) */
export function importSummary(restored: number, present: number): string {
	if (restored === 0 && present === 0) return m.settings_import_no_boards();
	const done =
		restored === 0
			? m.settings_import_none_restored()
			: m.settings_import_restored({ count: restored });
	return present > 0
		? m.settings_import_summary_with_present({
				restored: done,
				present: m.settings_import_present({ count: present })
			})
		: m.settings_import_summary({ restored: done });
}
