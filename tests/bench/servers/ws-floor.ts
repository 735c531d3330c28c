/**
 * The floor: a plain `ws` relay that forwards every binary frame to the other sockets of the same
 * URL path, and does nothing else (no document, no storage, no auth). No relay can do less work.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const server = http.createServer((_req, res) => res.end('floor'));
const wss = new WebSocketServer({ server });

wss.on('connection', (ws, req) => {
	const name = (req.url ?? '/').split('?', 1)[0] ?? '/';
	let room = rooms.get(name);
	if (room === undefined) {
		room = new Set();
		rooms.set(name, room);
	}
	const peers = room;
	peers.add(ws);
	ws.on('error', () => {});
	ws.on('message', (data, isBinary) => {
		for (const peer of peers) if (peer !== ws) peer.send(data, { binary: isBinary });
	});
	ws.on('close', () => {
		peers.delete(ws);
		if (peers.size === 0) rooms.delete(name);
	});
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	const { port } = server.address() as AddressInfo;
	process.stdout.write(`Floor listening on ${port}\n`);
});

process.on('SIGTERM', () => process.exit(0));
