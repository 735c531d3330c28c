#!/usr/bin/env node
/**
 * The registry this project installs from only carries the linux-x64 builds of packages that ship
 * one binary package per platform (rollup, unrs-resolver). `npm install` then leaves the other
 * platforms' optional packages out of package-lock.json, and `npm ci` refuses the lockfile as
 * "Missing: @rollup/rollup-darwin-x64@ from lock file". This adds a stub entry (version, os, cpu,
 * optional) for each such package, which is enough for `npm ci` to accept the lockfile and skip
 * them on this platform. Run it after any `npm install` that rewrites the lockfile.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
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
lock.packages = Object.fromEntries(
	Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1))
);
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform stub(s)`);
