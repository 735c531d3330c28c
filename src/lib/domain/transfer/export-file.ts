/**
 * The "export all my data" file (issue 7): one JSON document a person keeps, and imports on another
 * device to get their boards back. Each board travels as its full Yjs state (what the device holds,
 * byte for byte) plus a readable JSON view of it, for people and tools that are not Quartier.
 *
 * Reading a file validates all of it before anything is used: a bad file is refused whole.
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import { fromBase64, toBase64, toBase64UrlEncoded } from 'lib0/buffer';
import { isId } from '../ids';
import { isBoardSecret } from '../board/invite';
import { ROOT } from '../board/schema';
import { BOARD_LIMITS } from '../board/validate';
import { KEY_MAX_CHARS, text } from '../fields';
import { MEMBER_LIMITS } from '../members/validate';

export const EXPORT_FORMAT = 'quartier-export';
export const EXPORT_VERSION = 1;
/**
 * Far above a real export (a busy board is a few MB), low enough that reading, parsing and
 * checking a file stays within a phone's memory: a file is held several times over meanwhile.
 */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;
/** Also an upper bound on boards per file; nobody joins thousands of neighbourhoods. */
const MAX_BOARDS = 1000;

/** The public part of my identity: what my neighbours already see. Never a private key. */
export interface ExportedIdentity {
	memberId: string;
	name: string;
	bio: string;
	/** Ed25519 key my member id derives from (base64url). */
	publicKey: string;
	/** ECDH key details are sealed to (base64url). */
	encryptionKey: string;
	memberSince: string;
}

export interface ExportedBoard {
	id: string;
	/** The invite secret: whoever holds the file can join the board with it. */
	secret: string;
	name: string;
	city: string;
	joinedAt: string;
	/** `Y.encodeStateAsUpdate` of the board doc, standard base64. */
	state: string;
	/** SHA-256 of the state bytes (base64url): tells a damaged file from a good one. */
	stateSha256: string;
	/** `doc.toJSON()`: the same content, readable. Ignored on import. */
	content: unknown;
}

export interface ExportFile {
	format: typeof EXPORT_FORMAT;
	version: typeof EXPORT_VERSION;
	exportedAt: string;
	identity: ExportedIdentity;
	boards: ExportedBoard[];
	/** My bookings as iCalendar text, the same as "Exporter mes réservations (.ics)". */
	bookingsIcs: string;
}

export interface BoardToExport {
	id: string;
	secret: string;
	name: string;
	city: string;
	joinedAt: number;
	state: Uint8Array;
}

export async function buildExportFile(input: {
	identity: ExportedIdentity;
	boards: readonly BoardToExport[];
	bookingsIcs: string;
	now: number;
}): Promise<ExportFile> {
	const boards: ExportedBoard[] = [];
	for (const b of input.boards) {
		boards.push({
			id: b.id,
			secret: b.secret,
			name: b.name,
			city: b.city,
			joinedAt: new Date(b.joinedAt).toISOString(),
			state: toBase64(b.state),
			stateSha256: await sha256(b.state),
			content: readableContent(b.state)
		});
	}
	return {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: new Date(input.now).toISOString(),
		identity: input.identity,
		boards,
		bookingsIcs: input.bookingsIcs
	};
}

/** Every collection of the board as plain JSON (a root only shows once it is asked for by name). */
export function readableContent(state: Uint8Array): Record<string, unknown> {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		for (const name of Object.values(ROOT)) doc.getMap(name);
		return doc.toJSON();
	} finally {
		doc.destroy();
	}
}

async function sha256(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return toBase64UrlEncoded(new Uint8Array(digest));
}

// Reading a file.

/** Which board a problem is about: its place in the file (from 1) and the name it gives. */
export interface BoardRef {
	index: number;
	name: string;
}

/** The file field a structural problem is in, for the message. */
export type ExportField =
	| 'exportedAt'
	| 'identity'
	| 'boards'
	| 'bookingsIcs'
	| 'id'
	| 'secret'
	| 'name'
	| 'city'
	| 'joinedAt'
	| 'state'
	| 'stateSha256';

export type ImportProblem =
	| { code: 'too-big' }
	| { code: 'not-json' }
	| { code: 'not-an-export' }
	| { code: 'newer-version'; version: number }
	| { code: 'invalid'; field: ExportField; board: BoardRef | null }
	| { code: 'duplicate-board'; board: BoardRef }
	/** Not base64, or cut short. */
	| { code: 'bad-encoding'; board: BoardRef }
	/** The bytes are not the ones exported: changed or damaged since. */
	| { code: 'altered'; board: BoardRef }
	/** Yjs cannot read the state. */
	| { code: 'unreadable'; board: BoardRef };

export interface ImportedBoard {
	id: string;
	secret: string;
	name: string;
	city: string;
	joinedAt: number;
	update: Uint8Array;
}

export interface ParsedExport {
	exportedAt: number;
	identity: { memberId: string; name: string };
	boards: ImportedBoard[];
}

export type ParseResult = { ok: true; file: ParsedExport } | { ok: false; problem: ImportProblem };

const isoTime = v.pipe(v.string(), v.isoTimestamp());
const b64url = (length: number) =>
	v.pipe(v.string(), v.regex(new RegExp(`^[A-Za-z0-9_-]{${length}}$`)));

const IdentitySchema = v.looseObject({
	memberId: v.pipe(
		v.string(),
		v.check((s) => isId(s))
	),
	name: text(MEMBER_LIMITS.name),
	bio: text(MEMBER_LIMITS.bio),
	publicKey: b64url(43),
	encryptionKey: text(KEY_MAX_CHARS),
	memberSince: isoTime
});

const BoardSchema = v.looseObject({
	id: v.pipe(
		v.string(),
		v.check((s) => isId(s))
	),
	secret: v.pipe(
		v.string(),
		v.check((s) => isBoardSecret(s))
	),
	name: text(BOARD_LIMITS.name),
	city: text(BOARD_LIMITS.city),
	joinedAt: isoTime,
	// Shape and size only: decoding comes next, per board, to name the board that is damaged.
	state: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_EXPORT_BYTES)),
	stateSha256: b64url(43),
	content: v.unknown()
});

const FileSchema = v.looseObject({
	format: v.literal(EXPORT_FORMAT),
	version: v.literal(EXPORT_VERSION),
	exportedAt: isoTime,
	identity: IdentitySchema,
	boards: v.pipe(v.array(BoardSchema), v.maxLength(MAX_BOARDS)),
	bookingsIcs: v.optional(text(MAX_EXPORT_BYTES))
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Reads and checks a whole file; nothing in it is used unless every part of it is good. */
export async function parseExportFile(raw: string): Promise<ParseResult> {
	// A UTF-16 length is at most the UTF-8 byte count, so this never refuses a file within the cap.
	if (raw.length > MAX_EXPORT_BYTES) return fail({ code: 'too-big' });
	let json: unknown;
	try {
		json = JSON.parse(raw);
	} catch {
		return fail({ code: 'not-json' });
	}
	if (!isObject(json) || json.format !== EXPORT_FORMAT) return fail({ code: 'not-an-export' });
	if (typeof json.version === 'number' && json.version > EXPORT_VERSION) {
		return fail({ code: 'newer-version', version: json.version });
	}
	if (json.version !== EXPORT_VERSION) return fail({ code: 'not-an-export' });
	const result = v.safeParse(FileSchema, json);
	if (!result.success) return fail(structuralProblem(json, result.issues));
	const file = result.output;
	const seen = new Set<string>();
	const boards: ImportedBoard[] = [];
	for (const [i, b] of file.boards.entries()) {
		const board = { index: i + 1, name: b.name };
		if (seen.has(b.id)) return fail({ code: 'duplicate-board', board });
		seen.add(b.id);
		if (b.state.length % 4 !== 0 || !BASE64.test(b.state)) {
			return fail({ code: 'bad-encoding', board });
		}
		const update = fromBase64(b.state);
		if ((await sha256(update)) !== b.stateSha256) return fail({ code: 'altered', board });
		if (!readable(update)) return fail({ code: 'unreadable', board });
		boards.push({
			id: b.id,
			secret: b.secret,
			name: b.name,
			city: b.city,
			joinedAt: Date.parse(b.joinedAt),
			update
		});
	}
	return {
		ok: true,
		file: {
			exportedAt: Date.parse(file.exportedAt),
			identity: { memberId: file.identity.memberId, name: file.identity.name },
			boards
		}
	};
}

/**
 * Decodes the update, then applies it to a scratch doc: some damage (a reference to a struct that
 * is not there) only shows when Yjs integrates it, and the real doc must never see that happen.
 */
function readable(update: Uint8Array): boolean {
	const scratch = new Y.Doc();
	try {
		Y.decodeUpdate(update);
		Y.applyUpdate(scratch, update);
		return true;
	} catch {
		return false;
	} finally {
		scratch.destroy();
	}
}

function structuralProblem(json: Record<string, unknown>, issues: readonly v.BaseIssue<unknown>[]) {
	const path = issues[0]?.path?.map((p) => p.key) ?? [];
	const [top, index, field] = path;
	if (top === 'boards' && typeof index === 'number') {
		const entry = Array.isArray(json.boards) ? json.boards[index] : undefined;
		const name = isObject(entry) && typeof entry.name === 'string' ? entry.name : '';
		const known = BOARD_FIELDS.find((f) => f === field);
		return {
			code: 'invalid',
			field: known ?? 'boards',
			board: { index: index + 1, name: known === 'name' ? '' : name }
		} as const;
	}
	const known = TOP_FIELDS.find((f) => f === top);
	return { code: 'invalid', field: known ?? 'boards', board: null } as const;
}

const TOP_FIELDS = ['exportedAt', 'identity', 'boards', 'bookingsIcs'] as const;
const BOARD_FIELDS = ['id', 'secret', 'name', 'city', 'joinedAt', 'state', 'stateSha256'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(problem: ImportProblem): ParseResult {
	return { ok: false, problem };
}
