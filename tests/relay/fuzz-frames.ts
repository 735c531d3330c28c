/**
 * Hostile frames for the fuzz test: a corpus of valid messages of every kind, and frames made by
 * mutating, truncating and wrapping them, or from scratch (text, oversized, unknown types).
 */
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
	encodeProof,
	MESSAGE_ACK,
	MESSAGE_AUTH_CHALLENGE,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_REFUSED
} from '../../src/lib/sync/protocol';
import { POSTS, randomBoardId, seededDoc, syncFrame, testMember, type TestMember } from './clients';

/** Small, so oversized frames are cheap to send (the default is 1 MiB). */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Valid messages of every kind, to mutate and truncate. */
export interface Corpus {
	members: { member: TestMember; clientId: number }[];
	frames: Uint8Array[];
	updates: Uint8Array[];
	stateVectors: Uint8Array[];
}

export function buildCorpus(gen: prng.PRNG): Corpus {
	const member = testMember(gen);
	const doc = seededDoc(gen);
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	const posts = doc.getMap(POSTS);
	posts.set(member.key('a'), { title: 'Perceuse', seats: 2 });
	const list = new Y.Array<number>();
	posts.set(member.key('b'), list);
	list.push([1, 2, 3]);
	list.delete(1, 1);
	const text = new Y.Text();
	posts.set(member.key('c'), text);
	text.insert(0, 'bonjour');
	text.format(0, 3, { bold: true });
	posts.delete(member.key('a'));
	const awareness = new awarenessProtocol.Awareness(doc);
	awareness.setLocalState({ name: 'Mallory', cursor: { x: 1 } });
	const frames = [
		...updates.map((u) => syncFrame(u, 2)),
		syncFrame(Y.encodeStateAsUpdate(doc), 1),
		syncFrame(Y.encodeStateVector(doc), 0),
		syncFrame(Y.encodeStateAsUpdateV2(doc), 2),
		awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])),
		new Uint8Array([MESSAGE_QUERY_AWARENESS]),
		encodeProof(member.proof(randomBoardId(), new Uint8Array(32), doc.clientID)),
		new Uint8Array([MESSAGE_ACK, 2, 1, 0]),
		new Uint8Array([MESSAGE_REFUSED, 1, 65, 0]),
		new Uint8Array([MESSAGE_AUTH_CHALLENGE, 32, ...new Uint8Array(32)])
	];
	awareness.destroy();
	const full = Y.encodeStateAsUpdate(doc);
	return {
		members: Array.from({ length: 40 }, () => ({
			member: testMember(gen),
			clientId: prng.uint32(gen, 0, 2 ** 32 - 1)
		})),
		frames,
		updates: [...updates, full, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(new Y.Doc()))],
		stateVectors: [Y.encodeStateVector(doc), Y.encodeStateVector(new Y.Doc())]
	};
}

function awarenessFrame(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

export type Frame = { data: Uint8Array | string; binary: boolean };

/**
 * One hostile frame. Mostly a well-formed envelope around a damaged update, state vector or
 * presence, so that the Yjs and awareness decoders behind the envelope get the abuse; fewer
 * frames whose envelope is broken (they cost the connection, so they say less each).
 */
export function hostileFrame(g: prng.PRNG, corpus: Corpus, clientId: number): Frame {
	const pick = prng.int32(g, 0, 999);
	if (pick < 600) {
		const payload =
			pick < 500
				? mutate(g, prng.oneOf(g, corpus.updates))
				: prng.uint8Array(g, prng.int32(g, 0, 200));
		return binary(syncFrame(payload, prng.int32(g, 1, 2)));
	}
	if (pick < 680) {
		const update = Y.encodeStateAsUpdate(sampleDoc(g, clientId));
		return binary(syncFrame(prng.bool(g) ? update : mutate(g, update), prng.int32(g, 1, 2)));
	}
	if (pick < 700) return binary(syncFrame(mutate(g, prng.oneOf(g, corpus.stateVectors)), 0));
	if (pick < 830) return binary(awarenessFrame(randomAwareness(g, clientId)));
	if (pick < 910) {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, prng.int32(g, 4, 300)); // a type this relay does not know
		encoding.writeUint8Array(e, prng.uint8Array(g, prng.int32(g, 0, 50)));
		return binary(encoding.toUint8Array(e));
	}
	if (pick < 988) return binary(prng.oneOf(g, corpus.frames));
	// Broken envelopes and frames the relay refuses outright: each costs the connection.
	if (pick < 992) return binary(mutate(g, prng.oneOf(g, corpus.frames)));
	if (pick < 994) {
		const frame = prng.oneOf(g, corpus.frames);
		return binary(frame.slice(0, prng.int32(g, 0, frame.length - 1)));
	}
	if (pick < 995) return binary(prng.uint8Array(g, prng.int32(g, 0, 300)));
	if (pick < 997) return { data: prng.utf16String(g, prng.int32(g, 0, 100)), binary: false };
	if (pick < 998) return binary(prng.uint8Array(g, MAX_FRAME_BYTES + prng.int32(g, 1, 1000)));
	if (pick < 999) return binary(prng.uint8Array(g, prng.int32(g, 4096, MAX_FRAME_BYTES)));
	return binary(new Uint8Array(0));
}

const binary = (data: Uint8Array): Frame => ({ data, binary: true });

function mutate(g: prng.PRNG, source: Uint8Array): Uint8Array {
	const bytes = Array.from(source);
	const n = prng.int32(g, 1, 4);
	for (let i = 0; i < n; i++) {
		const at = prng.int32(g, 0, Math.max(0, bytes.length - 1));
		switch (prng.int32(g, 0, 4)) {
			case 0:
				bytes[at] = prng.uint32(g, 0, 255);
				break;
			case 1:
				bytes[at] = (bytes[at] ?? 0) ^ (1 << prng.int32(g, 0, 7));
				break;
			case 2:
				bytes.splice(at, 0, prng.oneOf(g, [0, 1, 0x7f, 0x80, 0xff]));
				break;
			case 3:
				bytes.splice(at, prng.int32(g, 1, 4));
				break;
			default:
				bytes[at] = prng.oneOf(g, [0, 0xff, 0x80, 0x7f]);
		}
	}
	return new Uint8Array(bytes);
}

function sampleDoc(g: prng.PRNG, clientId: number): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	doc.getMap(POSTS).set(`${prng.word(g, 22, 22)}:${prng.word(g, 1, 8)}`, prng.int32(g, 0, 100));
	return doc;
}

function randomAwareness(g: prng.PRNG, ownClient: number): Uint8Array {
	const e = encoding.createEncoder();
	const count = prng.int32(g, 0, 3);
	encoding.writeVarUint(e, count);
	for (let i = 0; i < count; i++) {
		encoding.writeVarUint(e, prng.bool(g) ? ownClient : prng.uint32(g, 0, 2 ** 31));
		encoding.writeVarUint(e, prng.uint32(g, 0, 1000));
		const size = prng.oneOf(g, [0, 10, 100, 5000]);
		const state = prng.int32(g, 0, 49);
		encoding.writeVarString(
			e,
			state === 0
				? 'null'
				: state === 1
					? prng.utf16String(g, size) // not JSON: closes the connection
					: JSON.stringify({ name: prng.word(g, 0, size) })
		);
	}
	return encoding.toUint8Array(e);
}
