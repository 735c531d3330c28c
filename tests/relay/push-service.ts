/**
 * A push service stand-in for relay tests: a plain http server on loopback speaking what the
 * relay needs of RFC 8030 (POST to the subscription's endpoint, answered 201), checking each
 * request as a real push service would — `Content-Encoding: aes128gcm`, a `TTL`, an `Urgency`,
 * and `Authorization: vapid t=<JWT>, k=<key>` whose ES256 signature verifies against `k`, with
 * `aud` the endpoint's origin, `exp` ahead and a `sub` — then DECRYPTING the payload with the
 * subscription's own private key (http_ece, web-push's dependency), as the browser would.
 * Subscriptions are made here too: a P-256 ECDH pair and a 16-byte auth secret from node:crypto.
 */
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

const ece = createRequire(import.meta.url)('http_ece') as {
	decrypt(body: Buffer, params: { version: string; privateKey: ECDH; authSecret: string }): Buffer;
};

export interface TestSubscription {
	endpoint: string;
	keys: { p256dh: string; auth: string };
	/** The browser's side: what decrypts the pushes. */
	ecdh: ECDH;
	id: string;
}

export interface ReceivedPush {
	subscription: string;
	/** The raw encrypted bytes, as they travelled. */
	body: Buffer;
	/** The decrypted bytes. */
	plain: Buffer;
	payload: Record<string, unknown>;
	ttl: number;
	urgency: string | undefined;
	claims: { aud: string; exp: number; sub: string };
	vapidKey: string;
}

export interface PushService {
	url: string;
	received: ReceivedPush[];
	/** Requests refused because they broke the protocol (must stay empty). */
	violations: string[];
	/** POSTs per subscription id, answered or not. */
	attempts: Map<string, number>;
	subscribe(): TestSubscription;
	/** From now on, answer this status for the subscription (404, 410: it is gone). */
	answer(subscription: TestSubscription, status: number): void;
	pushesTo(subscription: TestSubscription): ReceivedPush[];
	close(): Promise<void>;
}

export async function startPushService(): Promise<PushService> {
	const keys = new Map<string, TestSubscription>();
	const statuses = new Map<string, number>();
	const received: ReceivedPush[] = [];
	const violations: string[] = [];
	const attempts = new Map<string, number>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const id = /^\/push\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '')?.[1] ?? '';
			attempts.set(id, (attempts.get(id) ?? 0) + 1);
			const subscription = keys.get(id);
			const status = statuses.get(id);
			if (!subscription) return void res.writeHead(404).end();
			if (status !== undefined) return void res.writeHead(status).end();
			try {
				received.push(check(req, Buffer.concat(chunks), subscription, url));
				res.writeHead(201, { Location: `${url}/message/${received.length}` }).end();
			} catch (error) {
				violations.push(String(error));
				res.writeHead(400).end();
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		received,
		violations,
		attempts,
		subscribe() {
			const ecdh = createECDH('prime256v1');
			ecdh.generateKeys();
			const id = randomBytes(12).toString('base64url');
			const subscription = {
				endpoint: `${url}/push/${id}`,
				keys: {
					p256dh: ecdh.getPublicKey().toString('base64url'),
					auth: randomBytes(16).toString('base64url')
				},
				ecdh,
				id
			};
			keys.set(id, subscription);
			return subscription;
		},
		answer: (subscription, status) => statuses.set(subscription.id, status),
		pushesTo: (subscription) => received.filter((p) => p.subscription === subscription.id),
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

function check(
	req: http.IncomingMessage,
	body: Buffer,
	subscription: TestSubscription,
	origin: string
): ReceivedPush {
	if (req.method !== 'POST') throw new Error(`method ${req.method}`);
	if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
	const ttl = Number(req.headers.ttl);
	if (!Number.isInteger(ttl) || ttl < 0) throw new Error('no TTL');
	const auth = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? '');
	if (!auth) throw new Error(`authorization: ${req.headers.authorization}`);
	const [jwt, vapidKey] = [auth[1]!, auth[2]!];
	const claims = verifyJwt(jwt, vapidKey);
	if (claims.aud !== origin) throw new Error(`aud ${claims.aud}`);
	if (!(claims.exp > Date.now() / 1000)) throw new Error('expired');
	if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error(`sub ${claims.sub}`);
	const plain = ece.decrypt(body, {
		version: 'aes128gcm',
		privateKey: subscription.ecdh,
		authSecret: subscription.keys.auth
	});
	const payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)) as Record<
		string,
		unknown
	>;
	const urgency = req.headers.urgency as string | undefined;
	return { subscription: subscription.id, body, plain, payload, ttl, urgency, claims, vapidKey };
}

/** The claims of an ES256 JWT signed by the raw P-256 public key `k` (RFC 8292). */
function verifyJwt(jwt: string, k: string): { aud: string; exp: number; sub: string } {
	const [header, claims, signature] = jwt.split('.');
	if (!header || !claims || !signature) throw new Error('not a JWT');
	const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
	if (head.alg !== 'ES256') throw new Error(`alg ${head.alg}`);
	const point = Buffer.from(k, 'base64url');
	if (point.byteLength !== 65 || point[0] !== 4) throw new Error('k is not a P-256 point');
	const key = createPublicKey({
		key: {
			kty: 'EC',
			crv: 'P-256',
			x: point.subarray(1, 33).toString('base64url'),
			y: point.subarray(33).toString('base64url')
		},
		format: 'jwk'
	});
	const ok = verify(
		'sha256',
		Buffer.from(`${header}.${claims}`),
		{ key, dsaEncoding: 'ieee-p1363' },
		Buffer.from(signature, 'base64url')
	);
	if (!ok) throw new Error('bad VAPID signature');
	return JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
		aud: string;
		exp: number;
		sub: string;
	};
}
