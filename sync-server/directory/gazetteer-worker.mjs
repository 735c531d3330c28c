/**
 * The gazetteer's worker thread: loads the data at start (1–3.5 s of CPU, up to 130 MB), then
 * answers `{ id, op, args }` messages with `{ id, result }` or `{ id, error }`, one at a time, in
 * order. On the main thread that load would stall every acknowledgement of every board.
 *
 * Plain JavaScript: worker threads do not inherit tsx's TypeScript loader, so this file asks tsx
 * for gazetteer.ts itself (one source for the data code, shared with the tests). A failure to load
 * throws here and ends the worker; gazetteer-client.ts answers "unavailable" and starts another
 * on the next lookup.
 */
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const gazetteer = await tsImport('./gazetteer.ts', import.meta.url);
gazetteer.preload();

const ops = {
	search: (q, limit) => gazetteer.search(q, limit),
	byId: (id) => gazetteer.byId(id),
	matchCity: (text) => gazetteer.matchCity(text)
};

// Messages sent while the data loaded waited in the port: they are answered now, in order.
parentPort.on('message', ({ id, op, args }) => {
	try {
		parentPort.postMessage({ id, result: ops[op](...args) });
	} catch (error) {
		parentPort.postMessage({ id, error: String(error) });
	}
});
