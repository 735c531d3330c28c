/**
 * Wire protocol shared by the app and the relay. Types 0–3 are y-websocket's own; Quartier adds
 * message types from 100 up so that an unmodified y-websocket client ignores nothing it knows.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Relay → client: "every update this connection sent so far is committed to disk, and the stored
 * document now has this state vector". The app counts its unsynced changes against it.
 */
export const MESSAGE_ACK = 100;

/** URL path of the websocket endpoint; the room (board id) follows it: `/sync/<boardId>?token=…`. */
export const SYNC_PATH = '/sync';

/** Close codes. 4400–4499 tell y-websocket not to reconnect (the server refused for good). */
export const CLOSE_BAD_REQUEST = 4400;
export const CLOSE_BAD_TOKEN = 4401;
/** RFC 6455: message too big (the ws library sends it when `maxPayload` is exceeded). */
export const CLOSE_FRAME_TOO_LARGE = 1009;
/** RFC 6455 "service restart": the relay is shutting down; clients reconnect with backoff. */
export const CLOSE_RESTART = 1012;

/** Board ids and room tokens are 128-bit values in base64url without padding: 22 characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Room tokens are 256-bit values in base64url: 43 characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function encodeAck(stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_ACK);
	encoding.writeVarUint8Array(encoder, stateVector);
	return encoding.toUint8Array(encoder);
}

/** Reads the body of an ack after its message type has been read. */
export function readAckBody(decoder: decoding.Decoder): Uint8Array {
	return decoding.readVarUint8Array(decoder);
}
