/**
 * @hocuspocus/server 3.4.4, unmodified, with its SQLite extension storing into HOCUSPOCUS_DB.
 * Its own `listen()` binds every interface (it passes `address`, which Node ignores), so the
 * bench listens on loopback itself and installs the same SIGTERM handling `listen()` would.
 */
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';
import type { AddressInfo } from 'node:net';
import { TOKEN_PATTERN } from '../../../src/lib/sync/protocol';

const server = new Server({
	port: Number(process.env.PORT ?? 0),
	address: '127.0.0.1',
	quiet: true,
	stopOnSignals: false,
	extensions: [new SQLite({ database: process.env.HOCUSPOCUS_DB ?? ':memory:' })],
	// The same admission check a Quartier room token gets before its hash is looked up.
	async onAuthenticate({ token }) {
		if (!TOKEN_PATTERN.test(token)) throw new Error('bad token');
	}
});

server.httpServer.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' }, () => {
	const { port } = server.httpServer.address() as AddressInfo;
	process.stdout.write(`Hocuspocus listening on ${port}\n`);
});

let stopping = false;
process.on('SIGTERM', () => {
	if (stopping) return;
	stopping = true;
	void server.destroy().then(() => process.exit(0));
});
