/**
 * The door's words (issue 18): what became of a code scanned or a file opened
 * (`session.handover.receive`), and the check-in rules' refusals. Every refusal says in plain
 * words why nothing was applied; the technical detail goes to the console only.
 */
import { NotAuthorError, RuleError } from '$lib/domain/errors';
import { m } from '$lib/paraglide/messages.js';
import { aidErrorMessage } from '../aid/aid-labels';
import { coworkErrorMessage } from '../cowork/cowork-labels';

/** What `receive` answers, as the door and the import need it (state/board/handover.svelte.ts). */
export type ReceiveResult =
	| { kind: 'applied' | 'already' | 'held'; author: string; about: string }
	| { kind: 'refused'; reason: string; detail: string };

const REFUSALS: Record<string, () => string> = {
	malformed: m.door_refused_malformed,
	'not-v1': m.door_refused_malformed,
	'other-board': m.door_refused_other_board,
	'bad-signature': m.door_refused_forged,
	'not-members-device': m.door_refused_forged,
	'unknown-member': m.door_refused_unknown_member,
	removed: m.door_refused_removed,
	'device-removed': m.door_refused_device_removed,
	'unlisted-client': m.door_refused_foreign,
	'foreign-client': m.door_refused_foreign,
	'foreign-key': m.door_refused_foreign,
	'foreign-parent': m.door_refused_foreign,
	'foreign-delete': m.door_refused_foreign,
	'not-a-record': m.door_refused_foreign,
	'missing-dependency': m.door_refused_incomplete,
	incomplete: m.door_refused_incomplete
};

/** Why a code or a file was refused, in words. */
export function refusalWords(reason: string): string {
	return (REFUSALS[reason] ?? m.door_refused_other)();
}

/** A scanned code's outcome at the door; `name` is its author's name on this board. */
export function receivedWords(result: ReceiveResult, name: string): string {
	const who = name || m.door_someone();
	switch (result.kind) {
		case 'applied':
			return m.door_received_applied({ name: who });
		case 'already':
			return m.door_received_already();
		case 'held':
			return m.door_received_held({ name: who });
		case 'refused':
			return refusalWords(result.reason);
	}
}

/** A `.qpk` file's outcome in the import, naming the board it was applied to. */
export function fileWords(result: ReceiveResult, name: string, board: string): string {
	const who = name || m.door_someone();
	switch (result.kind) {
		case 'applied':
			return m.door_file_applied({ name: who, board });
		case 'already':
			return m.door_file_already({ board });
		case 'held':
			return m.door_file_held({ name: who, board });
		case 'refused':
			return refusalWords(result.reason);
	}
}

const RULES: Record<string, () => string> = {
	checkinNotConfirmed: m.door_rule_not_confirmed,
	checkinOutsideSlot: m.door_rule_outside_slot,
	checkinNotAccepted: m.door_rule_not_accepted
};

/** A check-in command's failure: the door's own rules, then the booking's or engagement's. */
export function doorErrorMessage(kind: 'booking' | 'engagement') {
	return (error: unknown): string => {
		if (error instanceof RuleError && RULES[error.code]) return RULES[error.code]!();
		if (error instanceof NotAuthorError) return m.door_rule_not_yours();
		return kind === 'booking' ? coworkErrorMessage(error) : aidErrorMessage(error);
	};
}
