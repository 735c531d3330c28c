/**
 * What relay instances tell each other about a room (fanout.ts), and its bytes on the wire. None
 * of it is needed for durability: every row is committed in the shared database before it is
 * announced, and an instance that missed announcements reads the log again (`resync`).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type RoomMessage =
	/** A row another instance committed: apply it, bind the client ids it writes, forward it. */
	| { kind: 'row'; seq: number; writer: string; clients: number[]; update: Uint8Array }
	/** Another instance folded these rows into one (seq `seq`, `bytes` long). */
	| { kind: 'fold'; seq: number; deleted: number[]; bytes: number }
	/** A presence change of a phone connected to another instance (y-protocols awareness). */
	| { kind: 'awareness'; update: Uint8Array }
	/** Announcements may have been lost (Redis was away): read the room's log again. */
	| { kind: 'resync' };

const KINDS = ['row', 'fold', 'awareness', 'resync'] as const;
/** Bumped when the layout changes: an instance never misreads a newer one's messages. */
const VERSION = 1;

export function encodeRoomMessage(from: string, message: RoomMessage): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, VERSION);
	encoding.writeVarString(encoder, from);
	encoding.writeVarUint(encoder, KINDS.indexOf(message.kind));
	switch (message.kind) {
		case 'row':
			encoding.writeVarUint(encoder, message.seq);
			encoding.writeVarString(encoder, message.writer);
			writeNumbers(encoder, message.clients);
			encoding.writeVarUint8Array(encoder, message.update);
			break;
		case 'fold':
			encoding.writeVarUint(encoder, message.seq);
			writeNumbers(encoder, message.deleted);
			encoding.writeVarUint(encoder, message.bytes);
			break;
		case 'awareness':
			encoding.writeVarUint8Array(encoder, message.update);
			break;
		case 'resync':
			break;
	}
	return encoding.toUint8Array(encoder);
}

/** The sender's instance id and its message; throws on bytes that are not one. */
export function decodeRoomMessage(bytes: Uint8Array): { from: string; message: RoomMessage } {
	const decoder = decoding.createDecoder(bytes);
	const version = decoding.readVarUint(decoder);
	if (version !== VERSION) throw new Error(`room message version ${version}`);
	const from = decoding.readVarString(decoder);
	const kind = KINDS[decoding.readVarUint(decoder)];
	let message: RoomMessage;
	switch (kind) {
		case 'row':
			message = {
				kind,
				seq: decoding.readVarUint(decoder),
				writer: decoding.readVarString(decoder),
				clients: readNumbers(decoder),
				update: decoding.readVarUint8Array(decoder)
			};
			break;
		case 'fold':
			message = {
				kind,
				seq: decoding.readVarUint(decoder),
				deleted: readNumbers(decoder),
				bytes: decoding.readVarUint(decoder)
			};
			break;
		case 'awareness':
			message = { kind, update: decoding.readVarUint8Array(decoder) };
			break;
		case 'resync':
			message = { kind };
			break;
		default:
			throw new Error('unknown room message kind');
	}
	if (decoding.hasContent(decoder)) throw new Error('trailing bytes after a room message');
	return { from, message };
}

function writeNumbers(encoder: encoding.Encoder, numbers: readonly number[]): void {
	encoding.writeVarUint(encoder, numbers.length);
	for (const n of numbers) encoding.writeVarUint(encoder, n);
}

function readNumbers(decoder: decoding.Decoder): number[] {
	const count = decoding.readVarUint(decoder);
	// Each takes at least a byte: a forged count cannot make us allocate more than was sent.
	if (count > decoder.arr.length - decoder.pos)
		throw new Error('number list longer than its bytes');
	const numbers: number[] = [];
	for (let i = 0; i < count; i++) numbers.push(decoding.readVarUint(decoder));
	return numbers;
}
