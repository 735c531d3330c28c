/**
 * The city directory on the relay, in one call: its index in the relay's SQLite file, the indexer
 * that follows the loaded boards, the gazetteer's worker both ask for places, and the HTTP routes.
 */
import type * as http from 'node:http';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { DirectoryConfig } from '../config';
import type { Rooms } from '../rooms';
import type { Storage } from '../storage';
import { DirectoryIndex } from './directory-index';
import { DirectoryQueries } from './directory-query';
import { GazetteerClient } from './gazetteer-client';
import { directoryHttp } from './http';
import { DirectoryIndexer } from './indexer';

export interface Directory {
	/** Answers a directory or places request; false when the path is not one of them. */
	handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
	/**
	 * Stops the indexer (waiting a few seconds at most for rows still being placed) and the
	 * gazetteer's worker; call after the rooms were unloaded (that indexes them), before the
	 * storage closes.
	 */
	close(): Promise<void>;
}

/** A board's doc as stored, outside the loaded rooms (for re-indexing it once). */
async function storedDoc(storage: Storage, roomId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const update of (await storage.loadUpdates(roomId)).updates) {
		try {
			Y.applyUpdate(doc, update);
		} catch {
			// As Room.load: a row that does not apply is skipped, the rest still counts.
		}
	}
	return doc;
}

export function mountDirectory(
	storage: Storage,
	rooms: Rooms,
	config: DirectoryConfig,
	log: Logger
): Directory {
	const places = new GazetteerClient();
	const index = new DirectoryIndex(storage.sql);
	const indexer = new DirectoryIndexer(index, places, config.delayMs, log);
	rooms.watch(indexer);
	indexer.recover((roomId) => storedDoc(storage, roomId));
	const routes = directoryHttp({
		queries: new DirectoryQueries(storage.sql),
		places,
		log,
		queriesPerIp: config.queriesPerIp
	});
	return {
		handle: routes.handle,
		close: async () => {
			await indexer.close();
			await places.close();
		}
	};
}
