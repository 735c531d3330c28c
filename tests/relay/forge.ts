/**
 * Hand-encoded Yjs V1 updates for the write-scope tests: structs and deletions no honest Yjs
 * client writes, but anyone with a socket can. Layout as in Yjs's UpdateEncoderV1.
 */
import * as encoding from 'lib0/encoding';

/** Struct "info" bytes: content refs and flags. */
const GC = 0;
const SKIP = 10;
const CONTENT_ANY = 8;
const HAS_ORIGIN = 0x80;
const HAS_PARENT_SUB = 0x20;

type Writer = (e: encoding.Encoder) => void;

/** One client's run of structs starting at `clock`. */
interface Run {
	client: number;
	clock: number;
	structs: Writer[];
}

function update(runs: Run[], deletes: { client: number; clock: number; len: number }[] = []) {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, runs.length);
	for (const run of runs) {
		encoding.writeVarUint(e, run.structs.length);
		encoding.writeVarUint(e, run.client);
		encoding.writeVarUint(e, run.clock);
		for (const write of run.structs) write(e);
	}
	const byClient = new Map<number, { clock: number; len: number }[]>();
	for (const { client, clock, len } of deletes) {
		const ranges = byClient.get(client) ?? [];
		ranges.push({ clock, len });
		byClient.set(client, ranges);
	}
	encoding.writeVarUint(e, byClient.size);
	for (const [client, ranges] of byClient) {
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, ranges.length);
		for (const { clock, len } of ranges) {
			encoding.writeVarUint(e, clock);
			encoding.writeVarUint(e, len);
		}
	}
	return encoding.toUint8Array(e);
}

const gc =
	(len: number): Writer =>
	(e) => {
		encoding.writeUint8(e, GC);
		encoding.writeVarUint(e, len);
	};

const skip =
	(len: number): Writer =>
	(e) => {
		encoding.writeUint8(e, SKIP);
		encoding.writeVarUint(e, len);
	};

/** A map entry `root[key] = values.at(-1)` (no origin: the parent is written out). */
const mapEntry =
	(root: string, key: string, values: unknown[]): Writer =>
	(e) => {
		encoding.writeUint8(e, CONTENT_ANY | HAS_PARENT_SUB);
		encoding.writeVarUint(e, 1); // the parent is a root type, by name
		encoding.writeVarString(e, root);
		encoding.writeVarString(e, key);
		encoding.writeVarUint(e, values.length);
		for (const value of values) encoding.writeAny(e, value as encoding.AnyEncodable);
	};

/** An item placed right after `origin`: its parent is whatever the origin's is. */
const afterOrigin =
	(origin: { client: number; clock: number }, value: unknown): Writer =>
	(e) => {
		encoding.writeUint8(e, CONTENT_ANY | HAS_ORIGIN);
		encoding.writeVarUint(e, origin.client);
		encoding.writeVarUint(e, origin.clock);
		encoding.writeVarUint(e, 1);
		encoding.writeAny(e, value as encoding.AnyEncodable);
	};

/** GC struct(s) under `client` from `clock`: "this range was deleted and collected". */
export function gcUpdate(client: number, clock: number, len: number): Uint8Array {
	return update([{ client, clock, structs: [gc(len)] }]);
}

/** A skip (a gap, adds nothing) followed by a GC range, both under `client`. */
export function skipThenGcUpdate(
	client: number,
	clock: number,
	skipLen: number,
	gcLen: number
): Uint8Array {
	return update([{ client, clock, structs: [skip(skipLen), gc(gcLen)] }]);
}

/** Deletes `len` clocks of `client` from `clock`, and nothing else. */
export function deleteUpdate(client: number, clock: number, len: number): Uint8Array {
	return update([], [{ client, clock, len }]);
}

/**
 * The zero-length item trick: an empty map entry at `client`'s current clock, which Yjs would
 * integrate as the new value of `root[key]` (deleting the old one), followed by an ordinary entry
 * of the sender's own so that the update changes something.
 */
export function zeroLengthEntryUpdate(
	target: { client: number; clock: number; root: string; key: string },
	own: { client: number; clock: number; root: string; key: string }
): Uint8Array {
	const empty = mapEntry(target.root, target.key, []);
	const mine = mapEntry(own.root, own.key, ['mine']);
	if (target.client === own.client) {
		return update([{ client: own.client, clock: own.clock, structs: [empty, mine] }]);
	}
	return update([
		{ client: target.client, clock: target.clock, structs: [empty] },
		{ client: own.client, clock: own.clock, structs: [mine] }
	]);
}

/** An item of the sender's own whose origin is its own clock, or a later one. */
export function selfOriginUpdate(client: number, clock: number, originAhead: number): Uint8Array {
	return update([
		{ client, clock, structs: [afterOrigin({ client, clock: clock + originAhead }, 'x')] }
	]);
}

/** An ordinary entry of the sender's own, hand-encoded (for combining with forged parts). */
export function ownEntryUpdate(
	client: number,
	clock: number,
	root: string,
	key: string,
	value: unknown
): Uint8Array {
	return update([{ client, clock, structs: [mapEntry(root, key, [value])] }]);
}

/** An item of the sender's own placed right after `origin`, which may be anyone's, any clock. */
export function afterOriginUpdate(
	client: number,
	clock: number,
	origin: { client: number; clock: number }
): Uint8Array {
	return update([{ client, clock, structs: [afterOrigin(origin, 'x')] }]);
}
