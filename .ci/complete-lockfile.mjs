#!/usr/bin/env node
/**
 * The registry this project installs from only carries the linux-x64 builds of packages that ship
 * one binary package per platform (rollup, unrs-resolver). `npm install` then leaves the other
 * platforms' optional packages out of package-lock.json, and `npm ci` refuses the lockfile as
 * "Missing: @rollup/rollup-darwin-x64@ from lock file". This adds a stub entry (version, os, cpu,
 * optional) for each such package, which is enough for `npm ci` to accept the lockfile and skip
 * them on this platform. Run it after any `npm install` that rewrites the lockfile:
 * `node .ci/complete-lockfile.mjs [package dir]` (the repository root by default).
 *
 * It writes the file byte for byte as npm itself would, or the next `npm install` on a fresh clone
 * rewrites the whole file and leaves `git status` dirty: npm indents package-lock.json like the
 * package.json beside it (tabs here, prettier's `useTabs`), not with two spaces, and orders keys with
 * json-stringify-nice (preferred keys first, then values before nested objects, each group by
 * `localeCompare(_, 'en')`, so `string_decoder` sorts before `string-width`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const DIR = process.argv[2] ? resolve(process.argv[2]) : resolve(import.meta.dirname, '..');
const LOCK = resolve(DIR, 'package-lock.json');
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const packages = lock.packages;

/** Platform words in the package names of rollup and unrs-resolver bindings. */
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32'];
const CPU = {
	arm: 'arm',
	'arm-eabi': 'arm',
	gnueabihf: 'arm',
	musleabihf: 'arm',
	arm64: 'arm64',
	x64: 'x64',
	ia32: 'ia32',
	loong64: 'loong64',
	ppc64: 'ppc64',
	riscv64: 'riscv64',
	s390x: 's390x'
};

function platformOf(name) {
	const parts = name.split('/').pop().split('-');
	const os = parts.find((p) => OS.includes(p));
	const cpu = parts.map((p) => CPU[p]).find(Boolean);
	const libc =
		parts.includes('musl') || parts.includes('musleabihf')
			? 'musl'
			: parts.includes('gnu') || parts.includes('gnueabihf')
				? 'glibc'
				: undefined;
	return { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
	for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
		const base = path === '' ? '' : `${path}/`;
		const key = `${base}node_modules/${name}`;
		const hoisted = `node_modules/${name}`;
		if (packages[key] || packages[hoisted]) continue;
		const { os, cpu, libc } = platformOf(name);
		if (!os || !cpu) continue; // not a platform binary: leave it to npm
		packages[hoisted] = {
			version,
			cpu: [cpu],
			dev: entry.dev,
			license: entry.license,
			optional: true,
			os: [os],
			...(libc ? { libc: [libc] } : {})
		};
		if (packages[hoisted].dev === undefined) delete packages[hoisted].dev;
		added++;
	}
}

/** npm's indent and newline for the lockfile: those of package.json (json-parse-even-better-errors). */
function formatOf(text) {
	const match = /^\s*[{[]((?:\r?\n)+)([\s\t]*)/.exec(text);
	return { newline: match?.[1] ?? '\n', indent: match?.[2] ?? '  ' };
}

/** The key order of npm's lockfile writer (arborist's swKeyOrder and json-stringify-nice). */
const LOCK_KEY_ORDER = [
	'name',
	'version',
	'lockfileVersion',
	'resolved',
	'integrity',
	'requires',
	'packages',
	'dependencies'
];
const isObject = (v) => !!v && !Array.isArray(v) && typeof v === 'object';
function compareKeys(a, b) {
	const ia = LOCK_KEY_ORDER.indexOf(a);
	const ib = LOCK_KEY_ORDER.indexOf(b);
	if (ia >= 0 || ib >= 0) return ia < 0 ? 1 : ib < 0 ? -1 : ia - ib;
	return a.localeCompare(b, 'en');
}
function sortKeys(_key, value) {
	if (!isObject(value)) return value;
	const entries = Object.entries(value).sort(([ak, av], [bk, bv]) =>
		isObject(av) === isObject(bv) ? compareKeys(ak, bk) : isObject(av) ? 1 : -1
	);
	return Object.fromEntries(entries);
}

const { indent, newline } = formatOf(readFileSync(resolve(DIR, 'package.json'), 'utf8'));
const text = `${JSON.stringify(lock, sortKeys, indent)}\n`.replace(/\n/g, newline);
writeFileSync(LOCK, text);
console.log(`complete-lockfile: added ${added} platform stub(s)`);
