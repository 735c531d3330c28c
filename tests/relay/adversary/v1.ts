/**
 * Yjs V1 updates written byte by byte from a description of their structs, the way an attacker
 * who read Yjs's UpdateEncoderV1 would write them: any client, any clock, any origin, Skips and
 * GCs anywhere, several runs for one client. Nothing here goes through Yjs's own encoder.
 */
import * as encoding from 'lib0/encoding';

export interface Ref {
	client: number;
	clock: number;
}

/** What an item holds (content refs 1, 4, 7, 8 of Yjs's struct info byte). */
export type Content =
	| { type: 'any'; values: encoding.AnyEncodable[] }
	| { type: 'string'; text: string }
	| { type: 'deleted'; len: number }
	| { type: 'map' | 'array' | 'text' };

export type Struct =
	| { kind: 'gc'; len: number }
	| { kind: 'skip'; len: number }
	| {
			kind: 'item';
			origin?: Ref;
			rightOrigin?: Ref;
			/** Written only when the item has no origin: a root type by name, or a nested type's item. */
			parent?: { root: string } | { id: Ref };
			parentSub?: string;
			content: Content;
	  };

/** Structs of one client, from `clock` on (each struct's clock follows the previous one's). */
export interface Run {
	client: number;
	clock: number;
	structs: Struct[];
}

export interface Deletion {
	client: number;
	clock: number;
	len: number;
}

const INFO_GC = 0;
const INFO_SKIP = 10;
const CONTENT_REF = { deleted: 1, string: 4, type: 7, any: 8 } as const;
const TYPE_REF = { array: 0, map: 1, text: 2 } as const;
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;

export function structLength(struct: Struct): number {
	if (struct.kind !== 'item') return struct.len;
	const c = struct.content;
	if (c.type === 'any') return c.values.length;
	if (c.type === 'string') return c.text.length;
	if (c.type === 'deleted') return c.len;
	return 1;
}

export function encodeUpdate(runs: Run[], deletions: Deletion[] = []): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, runs.length);
	for (const run of runs) {
		encoding.writeVarUint(e, run.structs.length);
		encoding.writeVarUint(e, run.client);
		encoding.writeVarUint(e, run.clock);
		for (const struct of run.structs) writeStruct(e, struct);
	}
	const byClient = new Map<number, Deletion[]>();
	for (const d of deletions) byClient.set(d.client, [...(byClient.get(d.client) ?? []), d]);
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

function writeStruct(e: encoding.Encoder, struct: Struct): void {
	if (struct.kind === 'gc') {
		encoding.writeUint8(e, INFO_GC);
		encoding.writeVarUint(e, struct.len);
		return;
	}
	if (struct.kind === 'skip') {
		encoding.writeUint8(e, INFO_SKIP);
		encoding.writeVarUint(e, struct.len);
		return;
	}
	const { origin, rightOrigin, parent, parentSub, content } = struct;
	const contentRef =
		content.type === 'map' || content.type === 'array' || content.type === 'text'
			? CONTENT_REF.type
			: CONTENT_REF[content.type];
	const placed = origin === undefined && rightOrigin === undefined;
	const info =
		contentRef |
		(origin ? HAS_ORIGIN : 0) |
		(rightOrigin ? HAS_RIGHT_ORIGIN : 0) |
		(placed && parentSub !== undefined ? HAS_PARENT_SUB : 0);
	encoding.writeUint8(e, info);
	if (origin) writeId(e, origin);
	if (rightOrigin) writeId(e, rightOrigin);
	if (placed) {
		const where = parent ?? { root: 'posts' };
		if ('root' in where) {
			encoding.writeVarUint(e, 1);
			encoding.writeVarString(e, where.root);
		} else {
			encoding.writeVarUint(e, 0);
			writeId(e, where.id);
		}
		if (parentSub !== undefined) encoding.writeVarString(e, parentSub);
	}
	switch (content.type) {
		case 'any':
			encoding.writeVarUint(e, content.values.length);
			for (const value of content.values) encoding.writeAny(e, value);
			return;
		case 'string':
			encoding.writeVarString(e, content.text);
			return;
		case 'deleted':
			encoding.writeVarUint(e, content.len);
			return;
		default:
			encoding.writeVarUint(e, TYPE_REF[content.type]);
	}
}

function writeId(e: encoding.Encoder, id: Ref): void {
	encoding.writeVarUint(e, id.client);
	encoding.writeVarUint(e, id.clock);
}
