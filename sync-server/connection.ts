/**
 * One admitted websocket: reads y-websocket frames, writes through the room, acknowledges what is
 * durably stored. Frames are handled one at a time and storage is synchronous, so an ack always
 * covers every update this socket sent before it.
 */
import * as decoding from 'lib0/decoding';
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket, type RawData } from 'ws';
import {
	CLOSE_BAD_REQUEST,
	CLOSE_RATE_LIMITED,
	CLOSE_TOO_MANY_REFUSALS,
	encodeAck,
	encodePacketResult,
	encodeRefused,
	MESSAGE_AWARENESS,
	MESSAGE_PACKET,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC,
	readPacketBody,
	type PacketResult
} from '../src/lib/sync/protocol';
import { checkAtRelay, refusedResult, storePacket } from './handover/packet-intake';
import type { RelayMetrics } from './metrics';
import type { MemberDevice } from './policy/room-policy';
import { TokenBucket } from './rate-limit';
import * as messages from './messages';
import type { RateLimitedLog } from './rate-limited-log';
import { StorageFailed, UpdateFailed, UpdateRefused, type Peer, type Room } from './room';
import type { Rooms } from './rooms';
import { toBytes } from './frames';

export interface ConnectionContext {
	rooms: Rooms;
	limits: ConnectionLimits;
	metrics?: RelayMetrics;
	log: Logger;
	warn: RateLimitedLog;
	error: RateLimitedLog;
	isClosing(): boolean;
}

/** RFC 6455 codes the relay uses besides those in protocol.ts. */
const CLOSE_UNSUPPORTED_DATA = 1003;
const CLOSE_INTERNAL_ERROR = 1011;
const CLOSE_TRY_AGAIN_LATER = 1013;

class MalformedMessage extends Error {}

export interface ConnectionLimits {
	/** Refused updates tolerated on one connection before it is closed. */
	maxRefusals: number;
	/** Largest awareness state, in bytes of JSON. */
	maxAwarenessBytes: number;
	/** Bytes queued for one client before it counts as a slow consumer and is closed. */
	maxBufferedBytes: number;
	messagesPerSecond: number;
	bytesPerSecond: number;
}

/** Who was authenticated on this socket, from which device, and the Yjs client id bound to them. */
export interface Speaker extends MemberDevice {
	clientId: number;
}

export class Connection implements Peer {
	readonly awarenessClients = new Set<number>();
	private attached = false;
	private refusals = 0;
	private readonly messageRate: TokenBucket;
	private readonly byteRate: TokenBucket;
	/**
	 * Frames that arrived while a packet was being checked (signatures are async): handled after
	 * it, in order — the carrier's sync step 2 holds the author's structs and must find them stored.
	 */
	private afterPacket: Uint8Array[] | null = null;

	constructor(
		private readonly ws: WebSocket,
		private readonly room: Room,
		private readonly ctx: ConnectionContext,
		private readonly speaker: Speaker
	) {
		const { messagesPerSecond, bytesPerSecond } = ctx.limits;
		this.messageRate = new TokenBucket(messagesPerSecond, messagesPerSecond * 2);
		this.byteRate = new TokenBucket(bytesPerSecond, bytesPerSecond * 2);
	}

	get memberId(): string {
		return this.speaker.memberId;
	}

	get deviceKey(): string {
		return this.speaker.deviceKey;
	}

	get chain(): MemberDevice['chain'] {
		return this.speaker.chain;
	}

	/**
	 * Joins the room and greets the client: our state vector, who is here, what is stored. Then
	 * handles the frames the client sent while it was authenticating, in order.
	 */
	start(early: RawData[]): void {
		this.attached = true;
		this.room.join(this);
		this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
		this.ws.on('close', () => this.detach());
		this.send(messages.syncStep1(this.room.doc));
		const present = [...this.room.awareness.getStates().keys()];
		if (present.length > 0) this.send(messages.awarenessUpdate(this.room.awareness, present));
		this.sendAck();
		for (const data of early) this.onMessage(data, true);
	}

	send(message: Uint8Array): void {
		if (this.ws.readyState !== WebSocket.OPEN) return;
		if (this.ws.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
			this.ctx.warn(
				'slow-consumer',
				{ room: this.room.id },
				'closing a client that stopped reading'
			);
			this.close(CLOSE_TRY_AGAIN_LATER, 'slow consumer');
			return;
		}
		this.ws.send(message, (error) => {
			if (error) this.ctx.warn('send-failed', { room: this.room.id, err: error }, 'send failed');
		});
	}

	close(code: number, reason: string): void {
		this.detach();
		if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
			this.ws.close(code, reason);
		}
	}

	private detach(): void {
		if (!this.attached) return;
		this.attached = false;
		this.room.leave(this);
		this.ctx.rooms.released(this.room);
	}

	private sendAck(): void {
		this.send(encodeAck(this.room.committedStateVector()));
	}

	private onMessage(data: RawData, isBinary: boolean): void {
		// While shutting down, storage may already be closed; unacked updates are resent on reconnect.
		if (!this.attached || this.ctx.isClosing()) return;
		if (!isBinary) {
			this.ctx.warn('text-frame', { room: this.room.id }, 'text frame refused');
			this.close(CLOSE_UNSUPPORTED_DATA, 'binary frames only');
			return;
		}
		const bytes = toBytes(data);
		if (!this.messageRate.take() || !this.byteRate.take(bytes.byteLength)) {
			this.ctx.warn('rate-limited', { room: this.room.id, member: this.memberId }, 'rate limited');
			this.close(CLOSE_RATE_LIMITED, 'too many messages');
			return;
		}
		if (this.afterPacket) this.afterPacket.push(bytes);
		else this.handle(bytes);
	}

	private handle(bytes: Uint8Array): void {
		try {
			this.dispatch(bytes);
		} catch (error) {
			this.onError(error);
		}
	}

	private dispatch(bytes: Uint8Array): void {
		const decoder = decoding.createDecoder(bytes);
		const type = read(() => decoding.readVarUint(decoder));
		switch (type) {
			case MESSAGE_SYNC:
				this.onSync(decoder);
				return;
			case MESSAGE_AWARENESS: {
				const update = read(() => decoding.readVarUint8Array(decoder));
				const problem = read(() =>
					this.room.policy.checkAwareness(
						update,
						this.speaker.clientId,
						this.ctx.limits.maxAwarenessBytes,
						this.room.awareness
					)
				);
				if (problem) this.refuse('awareness', problem);
				else read(() => awarenessProtocol.applyAwarenessUpdate(this.room.awareness, update, this));
				return;
			}
			case MESSAGE_PACKET:
				this.onPacket(read(() => readPacketBody(decoder)));
				return;
			case MESSAGE_QUERY_AWARENESS:
				this.send(
					messages.awarenessUpdate(this.room.awareness, [...this.room.awareness.getStates().keys()])
				);
				return;
			default:
				// A newer app may speak message types this relay does not know; they are not ours to refuse.
				this.ctx.log.debug({ room: this.room.id, type }, 'ignored unknown message type');
		}
	}

	private onSync(decoder: decoding.Decoder): void {
		const syncType = read(() => decoding.readVarUint(decoder));
		const payload = read(() => decoding.readVarUint8Array(decoder));
		switch (syncType) {
			case syncProtocol.messageYjsSyncStep1: {
				// Computed now, sent once everything it contains is on disk (never if that fails: the
				// writer's error closes the room).
				const reply = read(() => messages.syncStep2(this.room.doc, payload));
				this.room.whenCommitted().then(
					() => this.send(reply),
					() => {}
				);
				return;
			}
			case syncProtocol.messageYjsSyncStep2:
			case syncProtocol.messageYjsUpdate:
				// Acknowledged once committed; acks leave in the order the updates arrived.
				this.room.receiveUpdate(payload, this).then(
					() => this.sendAck(),
					(error: unknown) => this.onError(error)
				);
				return;
			default:
				throw new MalformedMessage(`unknown sync message type ${syncType}`);
		}
	}

	/** Checks a packet, stores it as its author's, answers; later frames wait for all of it. */
	private onPacket(bytes: Uint8Array): void {
		const waiting: Uint8Array[] = (this.afterPacket = []);
		const take = async (): Promise<PacketResult | null> => {
			const check = await checkAtRelay(bytes, this.room);
			if (!this.attached) return null;
			return check.ok ? storePacket(bytes, check, this.room, this) : refusedResult(bytes, check);
		};
		take()
			.then(
				(result) => result && this.answerPacket(result),
				(error: unknown) => this.onError(error)
			)
			.finally(() => {
				this.afterPacket = null;
				while (waiting.length > 0 && !this.afterPacket && this.attached) {
					this.handle(waiting.shift()!);
				}
				// A packet among them: the rest waits for it too.
				if (this.afterPacket) (this.afterPacket as Uint8Array[]).unshift(...waiting);
			});
	}

	/** A refused packet is answered and counted, never held against the connection. */
	private answerPacket(result: PacketResult): void {
		const { metrics, warn } = this.ctx;
		if (result.outcome === 'ok') metrics?.packetsAccepted.inc();
		else {
			metrics?.packetsRefused.inc({ reason: result.outcome });
			warn(
				`packet-refused-${result.outcome}`,
				{
					room: this.room.id,
					member: this.memberId,
					reason: result.outcome,
					detail: result.detail
				},
				'refused a packet'
			);
		}
		this.send(encodePacketResult(result));
	}

	/** Tells the client what was refused; too many refusals close the connection. */
	private refuse(reason: string, detail: string): void {
		this.refusals++;
		this.ctx.metrics?.refused.inc({ reason });
		this.ctx.warn(
			`refused-${reason}`,
			{ room: this.room.id, member: this.memberId, reason, detail },
			'refused a message'
		);
		this.send(encodeRefused(reason, detail));
		if (this.refusals > this.ctx.limits.maxRefusals) {
			this.close(CLOSE_TOO_MANY_REFUSALS, 'too many refused updates');
		}
	}

	private onError(error: unknown): void {
		const room = this.room;
		if (error instanceof UpdateRefused) {
			this.refuse(error.reason, error.detail);
		} else if (error instanceof MalformedMessage) {
			this.ctx.warn('malformed', { room: room.id, err: error }, 'malformed message, closing');
			this.close(CLOSE_BAD_REQUEST, 'malformed message');
		} else if (error instanceof UpdateFailed || error instanceof StorageFailed) {
			// Yjs threw half-way through a transaction: the in-memory doc may be damaged. Drop it without
			// compacting; everyone reconnects to a copy rebuilt from storage.
			this.ctx.warn('update-failed', { room: room.id, err: error }, 'update did not apply');
			this.close(CLOSE_BAD_REQUEST, 'update does not apply');
			for (const peer of [...room.peers]) peer.close(CLOSE_INTERNAL_ERROR, 'room reloaded');
			void this.ctx.rooms.unload(room, false);
		} else {
			this.ctx.error('internal', { room: room.id, err: error }, 'failed to handle a message');
			this.close(CLOSE_INTERNAL_ERROR, 'internal error');
		}
	}
}

/** Runs a decoding step; any exception means the client sent something malformed. */
function read<T>(step: () => T): T {
	try {
		return step();
	} catch (error) {
		throw new MalformedMessage('malformed message', { cause: error });
	}
}
