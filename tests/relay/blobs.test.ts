/**
 * Photos on the relay (issue 19, sync-server/blobs/): a member of the board stores a photo under
 * the sha256 of its bytes and every member gets the same bytes back; a stranger, a wrong or stale
 * token and a forged signature get nothing; a wrong hash, a type the app never produces, a photo
 * too big and a board over its quota are refused with their codes; what was stored survives a
 * kill -9; garbage never brings the relay down.
 */
import * as net from 'node:net';
import * as prng from 'lib0/prng';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BlobApi, BlobApiError } from '../../src/lib/sync/blob-api';
import { destroyAllClients, testMember } from './clients';
import { blobCall, download, photoBytes, sha256Hex, signerOf, upload } from './blobs-helpers';
import { adminAuthorization, call, printSeedOnFailure, SEED } from './join-requests-helpers';
import { pushBoard, type PushBoard } from './push-helpers';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

const KiB = 1024;
const QUOTA = 100 * KiB;
const MAX = 64 * KiB;
let relay: RelayProcess;
let gen: prng.PRNG;

beforeAll(async () => {
	relay = await startRelayProcess({
		direct: true,
		env: { QUARTIER_BLOB_BYTES: String(MAX), QUARTIER_BLOB_QUOTA_BYTES: String(QUOTA) }
	});
});
beforeEach((context) => {
	gen = prng.create(SEED + context.task.name.length);
	printSeedOnFailure(context);
});
afterEach(() => destroyAllClients());
afterAll(() => cleanUpRelays());

const board = (names = ['Amélie', 'Bruno']): Promise<PushBoard> => pushBoard(relay, names);

describe('a member’s photo', () => {
	it('is stored under its hash and comes back byte for byte to every member', async () => {
		const { board: id, members } = await board();
		const [ana, ben] = [members.Amélie!.member, members.Bruno!.member];
		const bytes = photoBytes(gen, 20 * KiB);
		const hash = sha256Hex(bytes);
		const put = await upload(relay, ana, id, bytes);
		expect([put.status, put.json]).toEqual([201, { hash }]);

		const got = await download(relay, ben, id, hash);
		expect(got.status).toBe(200);
		expect(got.bytes.equals(bytes)).toBe(true);
		expect(got.headers['content-type']).toBe('image/jpeg');
		expect(got.headers['cache-control']).toMatch(/^private, .*immutable/);
		expect(got.headers.etag).toBe(`"${hash}"`);

		const again = await upload(relay, ben, id, bytes);
		expect([again.status, again.json]).toEqual([200, { hash }]);
		const cached = await blobCall(relay, ben, id, 'GET', hash, undefined, {
			headers: { 'If-None-Match': `"${hash}"` }
		});
		expect([cached.status, cached.text]).toEqual([304, '']);
	});

	it('goes through the app’s own client, WebP included', async () => {
		const { board: id, members } = await board();
		const api = new BlobApi(relay.url);
		const bytes = photoBytes(gen, 10 * KiB, 'webp');
		const hash = sha256Hex(bytes);
		await api.put(signerOf(members.Amélie!.member), id, hash, new Uint8Array(bytes));
		const got = await api.get(signerOf(members.Bruno!.member), id, hash);
		expect(got.type).toBe('image/webp');
		expect(Buffer.from(got.bytes).equals(bytes)).toBe(true);
		const stranger = signerOf(testMember());
		await expect(api.get(stranger, id, hash)).rejects.toEqual(new BlobApiError('not-a-member'));
	});
});

describe('nobody else', () => {
	it('gets anything: a stranger, no token, a wrong, stale or forged one, a replayed call', async () => {
		const { board: id, members } = await board();
		const ana = members.Amélie!.member;
		const bytes = photoBytes(gen, 8 * KiB);
		const hash = sha256Hex(bytes);
		const stranger = testMember();
		const strangerPut = await upload(relay, stranger, id, bytes);
		expect([strangerPut.status, strangerPut.json]).toEqual([403, { error: 'not-a-member' }]);
		// Nothing was stored by the refused upload.
		expect((await download(relay, ana, id, hash)).status).toBe(404);

		expect((await upload(relay, ana, id, bytes)).status).toBe(201);
		const path = `/api/boards/${id}/blobs/${hash}`;
		const refused = [
			await blobCall(relay, stranger, id, 'GET', hash),
			await call(relay, 'GET', path),
			await call(relay, 'GET', path, undefined, { headers: { Authorization: 'Bearer abc' } }),
			await call(relay, 'GET', path, undefined, { headers: { Authorization: 'Quartier !!' } }),
			await call(relay, 'GET', path, undefined, {
				headers: {
					Authorization: `Quartier ${Buffer.from('{"memberId":1}').toString('base64url')}`
				}
			}),
			await blobCall(relay, ana, id, 'GET', hash, undefined, { at: Date.now() - 10 * 60_000 }),
			// Ana's ids and chain, a stranger's signature.
			await blobCall(relay, { ...ana, sign: stranger.sign }, id, 'GET', hash),
			// Ana's signed upload of these bytes, replayed with others.
			await call(relay, 'PUT', path, photoBytes(gen, 8 * KiB), {
				headers: { Authorization: adminAuthorization(ana, id, 'PUT', path, bytes) }
			})
		];
		for (const answer of refused.slice(1)) expect(answer.status).toBe(401);
		expect(refused[0]!.status).toBe(403);
		for (const answer of refused) expect(answer.text).not.toContain(bytes.toString('latin1'));
		// Signed for another board: refused too, never mixed up with this one.
		const other = await board(['Chloé']);
		const crossed = await blobCall(relay, other.members.Chloé!.member, id, 'GET', hash);
		expect(crossed.status).toBe(403);
		expect((await download(relay, other.members.Chloé!.member, other.board, hash)).status).toBe(
			404
		);
	});
});

describe('what is refused', () => {
	it('a wrong hash (400), another type (415), too big (413) and a full board (413)', async () => {
		const { board: id, members } = await board();
		const ana = members.Amélie!.member;
		const bytes = photoBytes(gen, 4 * KiB);
		const wrongHash = await blobCall(relay, ana, id, 'PUT', sha256Hex(Buffer.from('x')), bytes);
		expect([wrongHash.status, wrongHash.json]).toEqual([400, { error: 'hash-mismatch' }]);
		const badName = await blobCall(relay, ana, id, 'PUT', 'not-a-hash', bytes);
		expect([badName.status, badName.json]).toEqual([400, { error: 'bad-hash' }]);

		const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), bytes]);
		const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>');
		for (const body of [png, svg, Buffer.alloc(0)]) {
			// Labelled image/jpeg by the header: the first bytes decide.
			const answer = await upload(relay, ana, id, body);
			expect([answer.status, answer.json]).toEqual([415, { error: 'unsupported-type' }]);
		}

		const big = photoBytes(gen, MAX + 1);
		for (const chunked of [false, true]) {
			const answer = await blobCall(relay, ana, id, 'PUT', sha256Hex(big), big, { chunked });
			expect([answer.status, answer.json]).toEqual([413, { error: 'too-large' }]);
		}

		// QUOTA is 100 KiB: three photos of 30 KiB fit, the fourth does not.
		const fits = [1, 2, 3].map(() => photoBytes(gen, 30 * KiB));
		for (const photo of fits) expect((await upload(relay, ana, id, photo)).status).toBe(201);
		const full = await upload(relay, ana, id, photoBytes(gen, 30 * KiB));
		expect([full.status, full.json]).toEqual([413, { error: 'quota-exceeded' }]);
		// The same photo again is no new byte: still fine. Another board has its own quota.
		expect((await upload(relay, members.Bruno!.member, id, fits[0]!)).status).toBe(200);
		const other = await board(['Chloé']);
		expect((await upload(relay, other.members.Chloé!.member, other.board, fits[0]!)).status).toBe(
			201
		);
	});

	it('a full board even when uploads race for its last bytes', async () => {
		const { board: id, members } = await board();
		const ana = members.Amélie!.member;
		const photos = Array.from({ length: 6 }, () => photoBytes(gen, 30 * KiB));
		const answers = await Promise.all(photos.map((p) => upload(relay, ana, id, p)));
		const statuses = answers.map((a) => a.status).sort();
		expect(statuses).toEqual([201, 201, 201, 413, 413, 413]);
	});
});

describe('stored photos', () => {
	it('survive a kill -9 right after their 201', async () => {
		const own = await startRelayProcess({ direct: true });
		const { board: id, members } = await pushBoard(own, ['Amélie']);
		const ana = members.Amélie!.member;
		const bytes = photoBytes(gen, 40 * KiB);
		expect((await upload(own, ana, id, bytes)).status).toBe(201);
		destroyAllClients();
		await own.kill9();
		const again = await startRelayProcess({ direct: true, dataDir: own.dataDir });
		const got = await download(again, ana, id, sha256Hex(bytes));
		expect(got.status).toBe(200);
		expect(got.bytes.equals(bytes)).toBe(true);
		await again.stop();
	});
});

describe('garbage', () => {
	it('never crashes the relay', async () => {
		const { board: id, members } = await board(['Amélie']);
		const ana = members.Amélie!.member;
		const hash = sha256Hex(Buffer.from('x'));
		const paths = [
			`/api/boards/${id}/blobs/`,
			`/api/boards/${id}/blobs/${hash}/extra`,
			`/api/boards/${id}/blobs/${'%'.repeat(64)}`,
			`/api/boards/%00/blobs/${hash}`,
			`/api/boards/${id}/blobs/${hash}?x=${'y'.repeat(4000)}`,
			`/api/boards/${'a'.repeat(22)}/blobs/${hash}`
		];
		for (const path of paths) {
			for (const method of ['GET', 'PUT', 'DELETE', 'POST']) {
				// Refused, or not a photo route at all (the app's page): never a 5xx, never a photo.
				const answer = await call(relay, method, path, Buffer.from(prng.uint8Array(gen, 64)));
				expect(answer.status).toBeLessThan(500);
				expect(answer.headers['content-type']).not.toMatch(/^image\//);
			}
		}
		// A body cut off midway, and a declared length never sent.
		await rawRequest(
			relay,
			`PUT /api/boards/${id}/blobs/${hash} HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\nhalf`
		);
		await rawRequest(relay, `GET /api/boards/${id}/blobs/${hash} HTTP/1.1\r\n\r\n`);
		const good = photoBytes(gen, 2 * KiB);
		expect((await upload(relay, ana, id, good)).status).toBe(201);
		expect((await call(relay, 'GET', '/healthz')).json).toMatchObject({ ok: true });
		expect(relay.logs()).not.toContain('blob call failed');
	});
});

/** Writes `text` on a raw socket and closes it after a moment, whatever the relay answered. */
function rawRequest(target: RelayProcess, text: string): Promise<void> {
	return new Promise((resolve) => {
		const socket = net.connect(target.port, '127.0.0.1', () => socket.write(text));
		socket.on('error', () => resolve());
		setTimeout(() => {
			socket.destroy();
			resolve();
		}, 200);
	});
}
