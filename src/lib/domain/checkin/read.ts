/**
 * Check-ins (issue 18): "I, the host, welcomed the guest" and "I, the guest, arrived" on a
 * booking; "service rendu" by each side of an engagement. One record per member and target, in
 * the `checkins` root under the writer's own key (`<memberId>:c<hash of the target>`), so write
 * scopes protect it like every record and a member can never write the other side's.
 *
 * This file only reads who said so. Whether the two who said so are the right two (the
 * booking's guest and the slot's host; the engagement's two parties) is asked by the cowork and
 * engagement derivations, which know them: a record by anyone else never counts.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT } from '../board/schema';
import type { InvalidRecord } from '../board/types';
import { firstIssue } from '../fields';
import { hashId, parseRecordKey, recordKey } from '../ids';
import { CheckinRecord } from './validate';

/** Who checked in on each target, and when (by their phone's clock). */
export type Checkins = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** The one key under which a member checks in on a target: no competing copies. */
export function checkinKey(memberId: string, targetKey: string): string {
	return recordKey(memberId, `c${hashId(targetKey)}`);
}

/**
 * Every valid check-in, by target then member.
 * @param excluded members whose word no longer counts (removed by an admin)
 */
export function readCheckins(
	doc: Y.Doc,
	excluded: ReadonlySet<string> = new Set(),
	invalid: InvalidRecord[] = []
): Checkins {
	const byTarget = new Map<string, Map<string, number>>();
	collection(doc, ROOT.checkins).forEach((raw, key) => {
		const author = parseRecordKey(key)?.authorId;
		const result = v.safeParse(CheckinRecord, raw);
		if (!author || !result.success) {
			const reason = result.success ? 'bad key' : firstIssue(result);
			invalid.push({ collection: ROOT.checkins, key, reason });
			return;
		}
		const { target, at } = result.output;
		// Under another key than its own, a record could be a second, competing copy.
		if (key !== checkinKey(author, target)) {
			invalid.push({ collection: ROOT.checkins, key, reason: 'key does not match target' });
			return;
		}
		if (excluded.has(author)) return;
		const sides = byTarget.get(target) ?? new Map<string, number>();
		sides.set(author, at);
		byTarget.set(target, sides);
	});
	return byTarget;
}

/** Did this member check in on this target? */
export function checkedIn(checkins: Checkins, target: string, memberId: string): boolean {
	return checkins.get(target)?.has(memberId) ?? false;
}

/**
 * When both named members checked in (the later of the two), or null. Both must be the right
 * members — the caller names them from the booking or engagement, never from the records.
 */
export function attestedAt(
	checkins: Checkins,
	target: string,
	first: string,
	second: string
): number | null {
	if (first === second) return null;
	const sides = checkins.get(target);
	const a = sides?.get(first);
	const b = sides?.get(second);
	return a === undefined || b === undefined ? null : Math.max(a, b);
}
