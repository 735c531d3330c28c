/**
 * Relay configuration from environment variables. Every default is the safe one: loopback only,
 * data under the working directory, small frames.
 */
import * as path from 'node:path';

export interface RelayConfig {
	host: string;
	/** 0 asks the OS for a free port (tests). */
	port: number;
	dataDir: string;
	staticDir: string;
	maxFrameBytes: number;
	roomIdleMs: number;
	logLevel: LogLevel;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** 1 MiB: far above any single edit, small enough that one client cannot balloon memory. */
const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
/** 30 s keeps a room warm across a page reload or a brief network drop. */
const DEFAULT_ROOM_IDLE_MS = 30_000;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function readConfig(env: Env = process.env): RelayConfig {
	return {
		host: readString(env, 'HOST', '127.0.0.1'),
		port: readInt(env, 'PORT', 8787, 0, 65_535),
		dataDir: path.resolve(readString(env, 'QUARTIER_DATA', './data')),
		staticDir: path.resolve(readString(env, 'QUARTIER_STATIC', './build')),
		// Below 1 KiB even a handshake would not fit.
		maxFrameBytes: readInt(env, 'QUARTIER_MAX_FRAME_BYTES', DEFAULT_MAX_FRAME_BYTES, 1024, 2 ** 30),
		roomIdleMs: readInt(env, 'QUARTIER_ROOM_IDLE_MS', DEFAULT_ROOM_IDLE_MS, 0, 2 ** 31 - 1),
		logLevel: readLogLevel(env)
	};
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
