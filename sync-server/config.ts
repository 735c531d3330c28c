/**
 * Relay configuration from environment variables. Every default is the safe one: loopback only,
 * data under the working directory, small frames.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { PHOTO_LIMITS } from '../src/lib/domain/photos/rules';

export interface RelayConfig {
	host: string;
	/** 0 asks the OS for a free port (tests). */
	port: number;
	dataDir: string;
	/**
	 * QUARTIER_DATABASE_URL: PostgreSQL holds what the relay stores (pg-storage/), shared by
	 * several relay instances; null keeps the embedded SQLite file in `dataDir`.
	 */
	databaseUrl: string | null;
	/**
	 * QUARTIER_REDIS_URL: the instances sharing `databaseUrl` tell each other about live updates
	 * through this Redis (fanout/); null when this relay is the only one.
	 */
	redisUrl: string | null;
	/** QUARTIER_INSTANCE_ID: names this instance in metrics and logs (host and pid by default). */
	instanceId: string;
	staticDir: string;
	maxFrameBytes: number;
	roomIdleMs: number;
	/** QUARTIER_COMPACT_AFTER_ROWS: a loaded room folds its log past this many rows (log-size.ts). */
	compactAfterRows: number;
	logLevel: LogLevel;
	limits: RelayLimits;
	joinRequests: JoinRequestLimits;
	directory: DirectoryConfig;
	push: PushConfig;
	blobs: BlobConfig;
}

/** Photos of spaces, stored as content-addressed blobs (sync-server/blobs/). */
export interface BlobConfig {
	/** QUARTIER_BLOB_BYTES: largest photo, in bytes. */
	maxBytes: number;
	/** QUARTIER_BLOB_QUOTA_BYTES: bytes of photos one board may store. */
	quotaBytesPerBoard: number;
	/** QUARTIER_BLOB_CALLS_PER_IP: photo uploads and downloads a minute per address (bursts as many). */
	callsPerIpPerMinute: number;
	/** QUARTIER_BLOB_SWEEP_MS: how long after a board's commit its unnamed photos are swept. */
	sweepAfterMs: number;
	/** QUARTIER_BLOB_UNNAMED_GRACE_MS: how long a photo no record ever named is kept. */
	unnamedGraceMs: number;
}

/** Web Push to members' devices (sync-server/push/). */
export interface PushConfig {
	/** QUARTIER_PUSH: `off` turns push off (GET /api/push/key answers 503). */
	enabled: boolean;
	/** QUARTIER_PUSH_SUBJECT: the VAPID `sub`, a contact push services may use. */
	subject: string;
	/**
	 * QUARTIER_PUSH_ALLOW_INSECURE_ENDPOINTS: `1` accepts http: endpoints and loopback or private
	 * addresses (tests' push service stand-in). Off, the relay never posts to its own network.
	 */
	allowInsecureEndpoints: boolean;
	/** QUARTIER_PUSH_SUBSCRIPTIONS_PER_MEMBER: devices one member may subscribe on one board. */
	subscriptionsPerMember: number;
	/** QUARTIER_PUSH_SUBSCRIPTIONS_PER_BOARD: subscriptions one board may hold. */
	subscriptionsPerBoard: number;
	/** QUARTIER_PUSH_DELAY_MS: how long after a board's last change its notices are derived. */
	delayMs: number;
	/** QUARTIER_PUSH_TICK_MS: how often due reminders and the end of quiet hours are looked at. */
	tickMs: number;
	/** QUARTIER_PUSH_BODY_BYTES: largest body of a subscription call. */
	maxBytes: number;
	/** QUARTIER_PUSH_CALLS_PER_IP: subscription calls a minute per address (bursts as many). */
	callsPerIpPerMinute: number;
	/**
	 * QUARTIER_PUSH_CLOCK_FILE (tests only): a file holding the time in ms that push reads instead
	 * of the system clock, so a test can move to a reminder's due time.
	 */
	clockFile: string | null;
}

/** The city directory (sync-server/directory/). */
export interface DirectoryConfig {
	/** QUARTIER_DIRECTORY_DELAY_MS: how long after a board's last change it is indexed again. */
	delayMs: number;
	/** QUARTIER_DIRECTORY_QUERIES_PER_IP: directory and places queries per second per address (bursts ×4). */
	queriesPerIp: number;
}

/** Abuse limits of join requests (join-requests/), which anyone may send without a token. */
export interface JoinRequestLimits {
	/** QUARTIER_JOIN_REQUEST_BYTES: largest body of a join-request call. */
	maxBytes: number;
	/**
	 * QUARTIER_JOIN_REQUESTS_PER_IP: requests and joins per minute from one address (bursts of
	 * that); status polls and admins' calls, six times that (join-requests/context.ts).
	 */
	perIpPerMinute: number;
	/** QUARTIER_PENDING_PER_BOARD: requests a board may have waiting for its admins. */
	pendingPerBoard: number;
	/** QUARTIER_PENDING_PER_REQUESTER: requests one member may have waiting, across boards. */
	pendingPerRequester: number;
}

/** Every limit has an environment variable; defaults are documented in the README. */
export interface RelayLimits {
	/** QUARTIER_AUTH_TIMEOUT_MS: time to present the member proof. */
	authTimeoutMs: number;
	/** QUARTIER_AUTH_MAX_BYTES: bytes a client may send before its proof. */
	authMaxBytes: number;
	/** QUARTIER_MAX_REFUSALS: refused messages tolerated per connection. */
	maxRefusals: number;
	/** QUARTIER_MAX_AWARENESS_BYTES: largest presence state. */
	maxAwarenessBytes: number;
	/** QUARTIER_MAX_BUFFERED_BYTES: bytes queued to one slow client before it is closed. */
	maxBufferedBytes: number;
	/** QUARTIER_MAX_DOC_BYTES: largest stored board (sum of its stored updates). */
	maxDocBytes: number;
	/** QUARTIER_RATE_MESSAGES: messages per second per connection (bursts of twice that). */
	messagesPerSecond: number;
	/** QUARTIER_RATE_BYTES: bytes per second per connection (bursts of twice that). */
	bytesPerSecond: number;
	/** QUARTIER_CONNECTIONS_PER_IP: new connections per second from one address (bursts ×4). */
	connectionsPerSecondPerIp: number;
}

const MiB = 1024 * 1024;
const HOUR = 60 * 60 * 1000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** 1 MiB: far above any single edit, small enough that one client cannot balloon memory. */
const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
/** 30 s keeps a room warm across a page reload or a brief network drop. */
const DEFAULT_ROOM_IDLE_MS = 30_000;
/**
 * 200 rows: loading replays every row, so the log must stay short, but merging rewrites the whole
 * document, so not after every edit either.
 */
export const DEFAULT_COMPACT_AFTER_ROWS = 200;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function readConfig(env: Env = process.env): RelayConfig {
	return {
		host: readString(env, 'HOST', '127.0.0.1'),
		port: readInt(env, 'PORT', 8787, 0, 65_535),
		dataDir: path.resolve(readString(env, 'QUARTIER_DATA', './data')),
		databaseUrl: readDatabaseUrl(env),
		redisUrl: readRedisUrl(env),
		instanceId: readString(env, 'QUARTIER_INSTANCE_ID', `${os.hostname()}-${process.pid}`),
		staticDir: path.resolve(readString(env, 'QUARTIER_STATIC', './build')),
		// Below 1 KiB even a handshake would not fit.
		maxFrameBytes: readInt(env, 'QUARTIER_MAX_FRAME_BYTES', DEFAULT_MAX_FRAME_BYTES, 1024, 2 ** 30),
		roomIdleMs: readInt(env, 'QUARTIER_ROOM_IDLE_MS', DEFAULT_ROOM_IDLE_MS, 0, 2 ** 31 - 1),
		// Tests lower it to compact all the time; 1 would rewrite the whole doc after every edit.
		compactAfterRows: readInt(
			env,
			'QUARTIER_COMPACT_AFTER_ROWS',
			DEFAULT_COMPACT_AFTER_ROWS,
			2,
			2 ** 31 - 1
		),
		logLevel: readLogLevel(env),
		directory: {
			// 1 s: a burst of edits costs one derivation, and a listing shows up at once.
			delayMs: readInt(env, 'QUARTIER_DIRECTORY_DELAY_MS', 1000, 0, 3_600_000),
			// 20/s per address: a search typed letter by letter, a household behind one NAT.
			queriesPerIp: readInt(env, 'QUARTIER_DIRECTORY_QUERIES_PER_IP', 20, 1, 1_000_000)
		},
		limits: {
			// 10 s covers a slow phone signing on a bad network; a silent socket is not kept longer.
			authTimeoutMs: readInt(env, 'QUARTIER_AUTH_TIMEOUT_MS', 10_000, 100, 600_000),
			// 64 KiB: a greeting plus a few early edits, not a document upload before proving anything.
			authMaxBytes: readInt(env, 'QUARTIER_AUTH_MAX_BYTES', 64 * 1024, 1024, MiB),
			// 20: an honest client is never refused; a few refusals tell a buggy one why, then it goes.
			maxRefusals: readInt(env, 'QUARTIER_MAX_REFUSALS', 20, 0, 1_000_000),
			// 4 KiB: a name and a cursor, not a side channel for data.
			maxAwarenessBytes: readInt(env, 'QUARTIER_MAX_AWARENESS_BYTES', 4096, 64, MiB),
			// 16 MiB queued means the client stopped reading; it reconnects and catches up by diff.
			maxBufferedBytes: readInt(env, 'QUARTIER_MAX_BUFFERED_BYTES', 16 * MiB, 64 * 1024, 2 ** 31),
			// 64 MiB: far above a neighbourhood board (10,000 posts is ~5 MB), below memory trouble.
			maxDocBytes: readInt(env, 'QUARTIER_MAX_DOC_BYTES', 64 * MiB, 1024, 2 ** 40),
			// 100 messages/s: typing-speed edits of several boards, far below what floods a relay.
			messagesPerSecond: readInt(env, 'QUARTIER_RATE_MESSAGES', 100, 1, 1_000_000),
			// 2 MiB/s: a catch-up after weeks offline passes in seconds.
			bytesPerSecond: readInt(env, 'QUARTIER_RATE_BYTES', 2 * MiB, 1024, 2 ** 40),
			// 20/s per address: a household behind one NAT reconnecting at once, not a flood.
			connectionsPerSecondPerIp: readInt(env, 'QUARTIER_CONNECTIONS_PER_IP', 20, 1, 1_000_000)
		},
		joinRequests: readJoinRequestLimits(env),
		push: readPushConfig(env),
		blobs: readBlobConfig(env)
	};
}

function readBlobConfig(env: Env): BlobConfig {
	return {
		// 1 MiB: a photo the phone shrank to 1600 px (150–400 KB), with room; never an original.
		maxBytes: readInt(env, 'QUARTIER_BLOB_BYTES', PHOTO_LIMITS.maxBytes, 1024, 64 * MiB),
		// 50 MiB: six photos for each of 25 spaces and more; a board cannot fill the relay's disk.
		quotaBytesPerBoard: readInt(env, 'QUARTIER_BLOB_QUOTA_BYTES', 50 * MiB, 1024, 2 ** 40),
		// 600 a minute: a guest opening a board with dozens of photos at once, then from the cache.
		callsPerIpPerMinute: readInt(env, 'QUARTIER_BLOB_CALLS_PER_IP', 600, 1, 1_000_000),
		// A minute: a removed photo is gone soon, and a busy board is swept at most once a minute.
		sweepAfterMs: readInt(env, 'QUARTIER_BLOB_SWEEP_MS', 60_000, 10, 24 * HOUR),
		// A day: the record naming a photo follows its upload within seconds, unless the phone
		// went offline in between; a day covers that, and then the bytes count no more.
		unnamedGraceMs: readInt(env, 'QUARTIER_BLOB_UNNAMED_GRACE_MS', 24 * HOUR, 0, 365 * 24 * HOUR)
	};
}

function readPushConfig(env: Env): PushConfig {
	const clockFile = readString(env, 'QUARTIER_PUSH_CLOCK_FILE', '');
	return {
		enabled: readSwitch(env, 'QUARTIER_PUSH', true),
		subject: readString(env, 'QUARTIER_PUSH_SUBJECT', 'mailto:relay@quartier.invalid'),
		allowInsecureEndpoints: readSwitch(env, 'QUARTIER_PUSH_ALLOW_INSECURE_ENDPOINTS', false),
		// 10 devices: a phone, a tablet, a computer and old ones not yet cleaned up.
		subscriptionsPerMember: readInt(env, 'QUARTIER_PUSH_SUBSCRIPTIONS_PER_MEMBER', 10, 1, 1000),
		// 2,000: every member of a large neighbourhood board on two devices.
		subscriptionsPerBoard: readInt(
			env,
			'QUARTIER_PUSH_SUBSCRIPTIONS_PER_BOARD',
			2000,
			1,
			1_000_000
		),
		// 2 s: a burst of edits (a decision and its message) is derived once, still within seconds.
		delayMs: readInt(env, 'QUARTIER_PUSH_DELAY_MS', 2000, 0, 3_600_000),
		// 30 s: a reminder hours ahead may come half a minute late; the tick costs one query.
		tickMs: readInt(env, 'QUARTIER_PUSH_TICK_MS', 30_000, 10, 3_600_000),
		// 4 KiB: an endpoint URL (up to ~1 KiB), two keys and the settings.
		maxBytes: readInt(env, 'QUARTIER_PUSH_BODY_BYTES', 4096, 1024, MiB),
		// 60 a minute: an app subscribing on each of its boards at once, with retries.
		callsPerIpPerMinute: readInt(env, 'QUARTIER_PUSH_CALLS_PER_IP', 60, 1, 1_000_000),
		clockFile: clockFile === '' ? null : path.resolve(clockFile)
	};
}

function readSwitch(env: Env, name: string, fallback: boolean): boolean {
	const raw = env[name]?.trim().toLowerCase();
	if (raw === undefined || raw === '') return fallback;
	if (['1', 'on', 'true', 'yes'].includes(raw)) return true;
	if (['0', 'off', 'false', 'no'].includes(raw)) return false;
	throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

function readJoinRequestLimits(env: Env): JoinRequestLimits {
	return {
		// 8 KiB: three 500-character answers, a bio and a chain of linked devices, with room to spare.
		maxBytes: readInt(env, 'QUARTIER_JOIN_REQUEST_BYTES', 8192, 1024, MiB),
		// 10 a minute: someone asking to join a few boards, not a script filling admins' lists.
		perIpPerMinute: readInt(env, 'QUARTIER_JOIN_REQUESTS_PER_IP', 10, 1, 1_000_000),
		// 200 waiting: more than admins of a neighbourhood read, fewer than a flood leaves.
		pendingPerBoard: readInt(env, 'QUARTIER_PENDING_PER_BOARD', 200, 1, 1_000_000),
		// 5 waiting per member: a newcomer trying a few boards at once.
		pendingPerRequester: readInt(env, 'QUARTIER_PENDING_PER_REQUESTER', 5, 1, 1_000_000)
	};
}

function readDatabaseUrl(env: Env): string | null {
	const raw = env.QUARTIER_DATABASE_URL?.trim();
	if (raw === undefined || raw === '') return null;
	if (!/^postgres(ql)?:\/\/\S+$/.test(raw)) {
		throw new ConfigError('QUARTIER_DATABASE_URL must be a postgres:// URL');
	}
	return raw;
}

function readRedisUrl(env: Env): string | null {
	const raw = env.QUARTIER_REDIS_URL?.trim();
	if (raw === undefined || raw === '') return null;
	if (!/^rediss?:\/\/\S+$/.test(raw)) {
		throw new ConfigError('QUARTIER_REDIS_URL must be a redis:// URL');
	}
	// Instances on their own SQLite files would each hold part of a board: Redis only carries news.
	if (readDatabaseUrl(env) === null) {
		throw new ConfigError(
			'QUARTIER_REDIS_URL needs QUARTIER_DATABASE_URL: the instances share one database'
		);
	}
	return raw;
}

function readString(env: Env, name: string, fallback: string): string {
	const raw = env[name]?.trim();
	return raw === undefined || raw === '' ? fallback : raw;
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
	const raw = env[name]?.trim();
	if (raw === undefined || raw === '') return fallback;
	if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
	const value = Number(raw);
	if (value < min || value > max) {
		throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
	}
	return value;
}

function readLogLevel(env: Env): LogLevel {
	const raw = readString(env, 'QUARTIER_LOG_LEVEL', 'info').toLowerCase();
	const level = LOG_LEVELS.find((l) => l === raw);
	if (level === undefined) {
		throw new ConfigError(
			`QUARTIER_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`
		);
	}
	return level;
}
