/**
 * The relay's SQLite writer, in a worker thread. With synchronous=FULL every commit waits for an
 * fsync (0.3–1 ms here, far more on a busy disk); doing it off the main thread keeps the event
 * loop serving phones meanwhile, and whatever arrives during one commit goes into the next: group
 * commit that sizes itself to the load.
 *
 * Plain JavaScript on purpose: worker threads do not inherit tsx's TypeScript loader.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
// Every commit fsyncs the WAL: an acknowledgement promises the update survives a power cut, which
// NORMAL+WAL does not (it only survives a process crash).
db.pragma('synchronous = FULL');

if (workerData.checkpointEveryMs) {
	// The checkpointer: copies the WAL into the database on its own thread. Left to SQLite's
	// automatic checkpoint, that copy (and its fsync of the database file) would run inside the
	// writer's commits every 1,000 pages and stall acknowledgements for 100–250 ms.
	const timer = setInterval(() => {
		try {
			db.pragma('wal_checkpoint(PASSIVE)');
		} catch (error) {
			// A failed checkpoint leaves the WAL longer, nothing is lost; the next one retries.
			console.error('checkpoint failed', error);
		}
	}, workerData.checkpointEveryMs);
	parentPort.on('message', (message) => {
		if (!message.close) return;
		clearInterval(timer);
		db.close();
		parentPort.postMessage({ closed: true });
	});
} else {
	db.pragma('wal_autocheckpoint = 0');
	serveWrites();
}

function serveWrites() {
	const insertRoom = db.prepare(
		'INSERT OR IGNORE INTO rooms (id, token_hash, created_at) VALUES (?, ?, ?)'
	);
	// OR IGNORE: a binding never changes owner; the first member to use a client id keeps it.
	const insertOwner = db.prepare(
		'INSERT OR IGNORE INTO client_owners (room, client, member) VALUES (?, ?, ?)'
	);
	const insertUpdate = db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
	const deleteRow = db.prepare('DELETE FROM updates WHERE room = ? AND seq = ?');

	/** Statements of the relay's other stores, prepared once each. */
	const prepared = new Map();
	function statement(sql) {
		let s = prepared.get(sql);
		if (s === undefined) {
			s = db.prepare(sql);
			prepared.set(sql, s);
		}
		return s;
	}

	function run(op) {
		switch (op.kind) {
			case 'room':
				insertRoom.run(op.roomId, op.tokenHash, op.at);
				return null;
			case 'bind':
				for (const client of op.clients) insertOwner.run(op.roomId, client, op.memberId);
				return null;
			case 'append':
				for (const client of op.clients) insertOwner.run(op.roomId, client, op.memberId);
				return Number(insertUpdate.run(op.roomId, Buffer.from(op.update)).lastInsertRowid);
			case 'replace':
				for (const seq of op.seqs) deleteRow.run(op.roomId, seq);
				return Number(insertUpdate.run(op.roomId, Buffer.from(op.merged)).lastInsertRowid);
			case 'sql': {
				// Rows changed, summed: a conditional write tells the instance whether it won a claim.
				let changed = 0;
				for (const { sql, params } of op.statements)
					changed += statement(sql).run(...params).changes;
				return changed;
			}
			default:
				throw new Error(`unknown storage op ${op.kind}`);
		}
	}

	const commit = db.transaction((ops) => ops.map(run));

	parentPort.on('message', (message) => {
		if (message.close) {
			db.close();
			parentPort.postMessage({ closed: true });
			return;
		}
		try {
			parentPort.postMessage({ results: commit(message.ops) });
		} catch (error) {
			parentPort.postMessage({ error: String(error?.stack ?? error) });
		}
	});
}
