/**
 * Reports to the board's admins: what is reported and why. The reason is sealed to each admin
 * (by admin id), so other members reading the doc learn that a report exists, never its words.
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { collection, ROOT, SCHEMA_VERSION } from '../board/schema';
import { NotAuthorError } from '../errors';
import { text } from '../fields';
import type { SealedSet } from '../identity/sealed';
import { SealedField } from '../identity/sealed-record';
import { parseRecordKey, randomId, recordKey } from '../ids';

export const REPORT_TARGETS = ['post', 'rating', 'member'] as const;
export type ReportTarget = (typeof REPORT_TARGETS)[number];

/**
 * `reason` is checked before sealing (the record holds it sealed, so readers cannot check it);
 * `ref` is a post or rating key or a member id, all far shorter.
 */
export const REPORT_LIMITS = { reason: 500, ref: 100 } as const;

const ReportRecord = v.looseObject({
	schemaVersion: v.number(),
	target: v.picklist(REPORT_TARGETS),
	/** A post or rating key, or a member id. */
	ref: text(REPORT_LIMITS.ref),
	sealed: v.record(v.string(), SealedField),
	at: v.number()
});

export interface Report {
	key: string;
	reporterId: string;
	target: ReportTarget;
	ref: string;
	/** The reason, sealed to the reader when they are an admin. */
	sealed: SealedSet | null;
	at: number;
}

/** Whom a report is about: the author of the post or rating, or the member reported. */
export function reportSubject(target: ReportTarget, ref: string): string | null {
	return target === 'member' ? ref : (parseRecordKey(ref)?.authorId ?? null);
}

/**
 * Who reads a report: every admin but the person it is about, who would otherwise judge their
 * own case and learn who reported them. When the only admin is that person, the list is empty:
 * the report is still written (the board keeps the trace that it was made), but nobody can read
 * its reason, and the app says so before it is sent and suggests naming another admin.
 */
export function reportReaders(
	admins: Iterable<string>,
	target: ReportTarget,
	ref: string
): string[] {
	const subject = reportSubject(target, ref);
	return [...admins].filter((admin) => admin !== subject);
}

/** Reports an admin can read: those sealed to them. */
export function readReportsFor(doc: Y.Doc, adminId: string): Report[] {
	const reports: Report[] = [];
	collection(doc, ROOT.reports).forEach((raw, key) => {
		const reporterId = parseRecordKey(key)?.authorId;
		const result = v.safeParse(ReportRecord, raw);
		if (!reporterId || !result.success) return;
		const r = result.output;
		const sealed = r.sealed[adminId];
		if (!sealed) return;
		reports.push({ key, reporterId, target: r.target, ref: r.ref, sealed, at: r.at });
	});
	return reports.sort((a, b) => b.at - a.at || (a.key < b.key ? -1 : 1));
}

/**
 * Writes a report. `key` lets the caller draw the report's key first (`recordKey(reporterId,
 * randomId())`) so the sealed reason can be bound to it; it must be under the reporter's id.
 */
export function createReport(
	doc: Y.Doc,
	reporterId: string,
	target: ReportTarget,
	ref: string,
	sealedByAdmin: Record<string, SealedSet>,
	now: number,
	origin?: unknown,
	key: string = recordKey(reporterId, randomId())
): string {
	if (parseRecordKey(key)?.authorId !== reporterId) throw new NotAuthorError(key);
	doc.transact(() => {
		collection(doc, ROOT.reports).set(key, {
			schemaVersion: SCHEMA_VERSION,
			target,
			ref,
			sealed: sealedByAdmin,
			at: now
		});
	}, origin);
	return key;
}
