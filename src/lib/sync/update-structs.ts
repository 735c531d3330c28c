/**
 * Reads a V1 update into its structs and deletions, and insists that its bytes are exactly what
 * Yjs's own encoder writes for them. Yjs has two readers of the same bytes, and they disagree on
 * hand-made input: `decodeUpdate` (which a checker can call) lists every run of structs, while the
 * reader `applyUpdate` uses keeps only the last run of a client written twice (an empty second run
 * erases the first), reads some info bytes as a Skip that the other refuses, and ignores trailing
 * bytes. A checker that reads one thing while Yjs applies another is blind, so anything that is not
 * in the one form honest Yjs writes is refused before it is judged.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export type Struct = Y.Item | Y.GC | Y.Skip;

export interface DeleteRange {
	clock: number;
	len: number;
}

export interface DecodedUpdate {
	/** Every struct, in the order of the update. */
	structs: Struct[];
	/** Per client, its structs in order: one contiguous run per client. */
	runs: Map<number, Struct[]>;
	deletions: Map<number, DeleteRange[]>;
}

/** The decoded update, or why its bytes are not the canonical V1 encoding of anything. */
export function decodeCanonicalV1(update: Uint8Array): DecodedUpdate | { problem: string } {
	let decoded: { structs: Struct[]; ds: { clients: Map<number, DeleteRange[]> } };
	try {
		decoded = Y.decodeUpdate(update) as typeof decoded;
	} catch (error) {
		return { problem: String(error) };
	}
	const runs = new Map<number, Struct[]>();
	let previous: Struct | null = null;
	for (const struct of decoded.structs) {
		const client = struct.id.client;
		if (previous?.id.client === client) runs.get(client)!.push(struct);
		else if (runs.has(client)) return { problem: `client ${client} written twice` };
		else runs.set(client, [struct]);
		previous = struct;
	}
	let reencoded: ReturnType<typeof encodeV1>;
	try {
		reencoded = encodeV1(runs, decoded.ds.clients);
	} catch (error) {
		return { problem: `cannot be written back: ${String(error)}` };
	}
	if (!sameBytes(reencoded, update)) return { problem: 'not in the form Yjs writes' };
	return { structs: decoded.structs, runs, deletions: decoded.ds.clients };
}

/**
 * Bit 6 of an item's info byte says "a parentSub follows", but it is only read when the item has no
 * origin; with one, Yjs's encoder still sets it for map entries, and both readers ignore it.
 */
const PARENT_SUB_BIT = 0x20;

interface Encoded {
	bytes: Uint8Array;
	/** Offsets of info bytes whose parentSub bit means nothing (items with an origin). */
	looseInfo: Set<number>;
}

/** The canonical V1 bytes of these runs and deletions, as Yjs's own encoder writes them. */
export function encodeCanonicalV1(
	runs: Map<number, Struct[]>,
	deletions: Map<number, DeleteRange[]>
): Uint8Array {
	return encodeV1(runs, deletions).bytes;
}

/** What Yjs's UpdateEncoderV1 writes for these runs and deletions, in their order. */
function encodeV1(runs: Map<number, Struct[]>, deletions: Map<number, DeleteRange[]>): Encoded {
	const encoder = new Y.UpdateEncoderV1();
	const rest = encoder.restEncoder;
	const looseInfo = new Set<number>();
	encoding.writeVarUint(rest, runs.size);
	for (const [client, structs] of runs) {
		encoding.writeVarUint(rest, structs.length);
		encoder.writeClient(client);
		encoding.writeVarUint(rest, structs[0]!.id.clock);
		for (const struct of structs) {
			if (struct instanceof Y.Item && (struct.origin || struct.rightOrigin)) {
				looseInfo.add(encoding.length(rest));
			}
			struct.write(encoder, 0);
		}
	}
	encoding.writeVarUint(rest, deletions.size);
	for (const [client, ranges] of deletions) {
		encoding.writeVarUint(rest, client);
		encoding.writeVarUint(rest, ranges.length);
		for (const { clock, len } of ranges) {
			encoding.writeVarUint(rest, clock);
			encoding.writeVarUint(rest, len);
		}
	}
	return { bytes: encoder.toUint8Array(), looseInfo };
}

function sameBytes({ bytes, looseInfo }: Encoded, update: Uint8Array): boolean {
	if (bytes.byteLength !== update.byteLength) return false;
	for (let i = 0; i < bytes.byteLength; i++) {
		if (bytes[i] === update[i]) continue;
		if (!looseInfo.has(i) || (bytes[i]! | PARENT_SUB_BIT) !== (update[i]! | PARENT_SUB_BIT)) {
			return false;
		}
	}
	return true;
}
