/**
 * "Réglé": the helper of an engagement or the host of a booking marks that the agreed amount was
 * paid (in cash or by transfer; Quartier handles no payment). One toggled record per member and
 * target in the `settlements` root, under the marker's own id; a mark by anyone else than the one
 * who is paid is ignored, as every view reads it.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT, SCHEMA_VERSION } from '../board/schema';
import { NotAuthorError } from '../errors';
import { recordKeyShape, time } from '../fields';
import { hashId, parseRecordKey, recordKey } from '../ids';

export const SETTLEMENT_METHODS = ['cash', 'transfer'] as const;
export type SettlementMethod = (typeof SETTLEMENT_METHODS)[number];

const SettlementRecord = v.looseObject({
	target: recordKeyShape,
	settled: v.boolean(),
	method: v.fallback(v.picklist(SETTLEMENT_METHODS), 'cash'),
	at: time
});

export interface Settlement {
	by: string;
	method: SettlementMethod;
	at: number;
}

/**
 * Who is paid for a target (a booking or engagement key): the slot's host, the engagement's
 * helper; null when the target is unknown.
 */
export type PayeeOf = (targetKey: string) => string | null;

/** Settled targets, by key, marked by the one who is paid. */
export function readSettlements(doc: Y.Doc, payeeOf: PayeeOf): Map<string, Settlement> {
	const settled = new Map<string, Settlement>();
	collection(doc, ROOT.settlements).forEach((raw, key) => {
		const author = parseRecordKey(key)?.authorId;
		const result = v.safeParse(SettlementRecord, raw);
		if (!author || !result.success || !result.output.settled) return;
		const { target, method, at } = result.output;
		if (payeeOf(target) !== author) return;
		settled.set(target, { by: author, method, at });
	});
	return settled;
}

export function setSettled(
	doc: Y.Doc,
	memberId: string,
	targetKey: string,
	settled: boolean,
	method: SettlementMethod,
	payeeOf: PayeeOf,
	now: number,
	origin?: unknown
): void {
	if (payeeOf(targetKey) !== memberId) throw new NotAuthorError(targetKey);
	doc.transact(() => {
		collection(doc, ROOT.settlements).set(recordKey(memberId, `s${hashId(targetKey)}`), {
			schemaVersion: SCHEMA_VERSION,
			target: targetKey,
			settled,
			method,
			at: now
		});
	}, origin);
}
