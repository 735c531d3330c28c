/**
 * A stand-in for the gazetteer's worker that fails on demand, by the first argument of a lookup:
 * "crash" throws outside any handler, "exit" ends the thread, "hang" never answers; anything else
 * answers no places. A fresh thread behaves again: what the client's restart relies on.
 */
import { parentPort } from 'node:worker_threads';

parentPort.on('message', ({ id, args }) => {
	const [what] = args;
	if (what === 'crash') {
		setImmediate(() => {
			throw new Error('gazetteer worker crashed on purpose');
		});
	} else if (what === 'exit') {
		process.exit(3);
	} else if (what !== 'hang') {
		parentPort.postMessage({ id, result: [] });
	}
});
