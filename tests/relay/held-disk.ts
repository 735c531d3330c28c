/**
 * The real relay in-process, on the real SQLite storage, with a disk whose writes wait until the
 * test lets them through one by one, and a crash that drops whatever is still waiting: the
 * interleavings a busy machine produces by chance (a commit slower than the next frames), on
 * demand.
 */
import pino from 'pino';
import type { RawData, WebSocket } from 'ws';
import { Connection, type ConnectionContext } from '../../sync-server/connection';
import { Room } from '../../sync-server/room';
import type { Rooms } from '../../sync-server/rooms';
import { openStorage, type Storage } from '../../sync-server/storage';
import type { TestMember } from './clients';
import { tempDir } from './relay-process';

export const silent = pino({ level: 'silent' });

/** Storage over a real SQLite file whose writes go through in FIFO order only when released. */
export function heldDisk(dataDir = tempDir('held')) {
	let real = openStorage(dataDir);
	const held: (() => Promise<void>)[] = [];
	function hold<T>(write: () => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			held.push(() => write().then(resolve, reject));
		});
	}
	const storage: Storage = {
		getRoom: (roomId) => real.getRoom(roomId),
		createRoom: (roomId, tokenHash) => hold(() => real.createRoom(roomId, tokenHash)),
		loadUpdates: (roomId) => real.loadUpdates(roomId),
		loadClientOwners: (roomId) => real.loadClientOwners(roomId),
		bindClients: (roomId, clients, member) => hold(() => real.bindClients(roomId, clients, member)),
		append: (roomId, update, clients, member) =>
			hold(() => real.append(roomId, update, clients, member)),
		replaceUpdates: (roomId, seqs, merged) => hold(() => real.replaceUpdates(roomId, seqs, merged)),
		get sql() {
			return real.sql;
		},
		ping: () => real.ping(),
		close: () => real.close()
	};
	return {
		storage,
		/** Writes still waiting. */
		held: () => held.length,
		/** Commits the oldest waiting write, and lets the relay react to it (acks, forwarding). */
		async commitNext(): Promise<void> {
			const write = held.shift();
			if (!write) throw new Error('no write is waiting');
			await write();
			await new Promise((resolve) => setImmediate(resolve));
		},
		async commitAll(): Promise<void> {
			while (held.length > 0) await this.commitNext();
		},
		/** kill -9: the waiting writes never reach the disk; the relay starts again on the same file. */
		async crash(): Promise<void> {
			held.length = 0;
			await real.close();
			real = openStorage(dataDir);
		}
	};
}

/** A room of the relay as a restarted relay loads it. */
export function loadRoom(storage: Storage, roomId = 'room'): Promise<Room> {
	return Room.load(roomId, storage, silent, 2 ** 30);
}

/** Just enough of a ws socket: records what the relay sends, lets the test deliver frames. */
export function fakeSocket() {
	const handlers = new Map<string, (data: RawData, isBinary: boolean) => void>();
	const sent: Uint8Array[] = [];
	const socket = {
		readyState: 1,
		OPEN: 1,
		bufferedAmount: 0,
		on: (event: string, handler: (data: RawData, isBinary: boolean) => void) =>
			handlers.set(event, handler),
		send: (data: Uint8Array) => sent.push(data),
		close: () => {}
	};
	return {
		ws: socket as unknown as WebSocket,
		sent,
		deliver: (frame: Uint8Array) => handlers.get('message')?.(Buffer.from(frame), true)
	};
}

/**
 * An admitted connection of `member` (writing as Yjs client `clientId`) to `room`, as relay.ts
 * admits one: the client id bound first (a held write), then the greeting.
 */
export function connect(room: Room, member: TestMember, clientId: number) {
	if (!room.policy.bindClient(clientId, member.memberId)) throw new Error('client id taken');
	const socket = fakeSocket();
	const ctx: ConnectionContext = {
		rooms: { released: () => {}, unload: () => Promise.resolve() } as unknown as Rooms,
		limits: {
			maxRefusals: 20,
			maxAwarenessBytes: 4096,
			maxBufferedBytes: 2 ** 24,
			messagesPerSecond: 1000,
			bytesPerSecond: 2 ** 24
		},
		log: silent,
		warn: () => {},
		error: () => {},
		isClosing: () => false
	};
	const speaker = {
		memberId: member.memberId,
		clientId,
		deviceKey: member.publicKey,
		chain: member.chain
	};
	const connection = new Connection(socket.ws, room, ctx, speaker);
	connection.start([]);
	return { ...socket, connection };
}
