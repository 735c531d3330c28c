/**
 * Blocking (issue 4): each member keeps one public list of members they block. It has to be in
 * the doc, not only on my phone: every replica must agree that a blocked member's requests to me
 * do not count (they cannot take a seat of mine or ask for my help), the same way everywhere.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT, SCHEMA_VERSION } from '../board/schema';
import { memberIdShape } from '../fields';
import { parseRecordKey, recordKey } from '../ids';

const BLOCKS_RECORD_ID = 'blocks';
/** Far more than anyone blocks; caps what a hostile record can cost every view. */
const MAX_BLOCKED = 500;

const BlocksRecord = v.looseObject({
	schemaVersion: v.number(),
	members: v.pipe(v.array(memberIdShape), v.maxLength(MAX_BLOCKED)),
	at: v.number()
});

/** Who blocks whom: blocker id → the members they block. */
export function readBlocks(doc: Y.Doc): Map<string, Set<string>> {
	const blocks = new Map<string, Set<string>>();
	collection(doc, ROOT.blocks).forEach((raw, key) => {
		const parsed = parseRecordKey(key);
		const result = v.safeParse(BlocksRecord, raw);
		if (parsed?.recordId !== BLOCKS_RECORD_ID || !result.success) return;
		blocks.set(parsed.authorId, new Set(result.output.members));
	});
	return blocks;
}

export function setBlocked(
	doc: Y.Doc,
	memberId: string,
	other: string,
	blocked: boolean,
	now: number,
	origin?: unknown
): void {
	if (other === memberId) return;
	const current = readBlocks(doc).get(memberId) ?? new Set<string>();
	if (current.has(other) === blocked) return;
	const members = blocked ? [...current, other] : [...current].filter((m) => m !== other);
	doc.transact(() => {
		collection(doc, ROOT.blocks).set(recordKey(memberId, BLOCKS_RECORD_ID), {
			schemaVersion: SCHEMA_VERSION,
			members: members.slice(-MAX_BLOCKED),
			at: now
		});
	}, origin);
}
