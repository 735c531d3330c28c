#!/usr/bin/env node
/**
 * Compiles messages/*.json into src/lib/paraglide (not committed) for svelte-check, eslint and
 * vitest; `vite dev` and `vite build` do the same through the Paraglide Vite plugin.
 *
 * Several people share one checkout: a plain `paraglide-js compile` deletes the whole output
 * directory before writing it, which breaks a type-check or dev server running at that moment.
 * This compiles into a scratch directory and then replaces only the files that changed, each by
 * an atomic rename; it does nothing when the inputs have not changed since the last run.
 *
 * Fails when the compiled output lacks messages (e.g. the message-format plugin did not load:
 * Paraglide only warns and writes an empty module).
 */
import { compile } from '@inlang/paraglide-js';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { paraglideOptions } from './paraglide-options.js';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const outdir = resolve(paraglideOptions.outdir);
const STAMP = '.inputs-sha256';

function filesUnder(dir) {
	let entries;
	try {
		entries = readdirSync(dir, { withFileTypes: true });
	} catch {
		return [];
	}
	return entries.flatMap((entry) =>
		entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]
	);
}

function inputsDigest() {
	const hash = createHash('sha256');
	const version = JSON.parse(
		readFileSync('node_modules/@inlang/paraglide-js/package.json', 'utf8')
	).version;
	hash.update(JSON.stringify({ version, paraglideOptions }));
	const inputs = [
		'project.inlang/settings.json',
		...filesUnder('messages').filter((file) => file.endsWith('.json'))
	].sort();
	for (const file of inputs) hash.update(`\0${file}\0`).update(readFileSync(file));
	return hash.digest('hex');
}

function readOr(file, fallback) {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return fallback;
	}
}

const digest = inputsDigest();
if (readOr(join(outdir, STAMP), '') === digest && !process.argv.includes('--force')) {
	process.exit(0);
}

const scratch = resolve('node_modules/.cache', `paraglide-${process.pid}`);
rmSync(scratch, { recursive: true, force: true });
try {
	await compile({ ...paraglideOptions, outdir: scratch, cleanOutdir: true });

	const keys = Object.keys(JSON.parse(readFileSync('messages/fr.json', 'utf8'))).filter(
		(key) => !key.startsWith('$')
	);
	const index = readOr(join(scratch, 'messages/_index.js'), '');
	const missing = keys.filter((key) => !index.includes(`'./${key}.js'`));
	if (missing.length > 0) {
		throw new Error(`compiled output lacks ${missing.length} message(s): ${missing.slice(0, 5)}`);
	}

	const fresh = new Set();
	for (const file of filesUnder(scratch)) {
		const rel = relative(scratch, file);
		fresh.add(rel);
		const target = join(outdir, rel);
		const content = readFileSync(file);
		if (readOr(target, null) === content.toString('utf8')) continue;
		mkdirSync(dirname(target), { recursive: true });
		const temp = `${target}.${process.pid}.tmp`;
		writeFileSync(temp, content);
		renameSync(temp, target);
	}
	for (const file of filesUnder(outdir)) {
		const rel = relative(outdir, file);
		if (!fresh.has(rel) && rel !== STAMP && !rel.endsWith('.tmp')) rmSync(file, { force: true });
	}
	writeFileSync(join(outdir, STAMP), digest);
} finally {
	rmSync(scratch, { recursive: true, force: true });
}
// The inlang SDK leaves handles open that keep Node alive for about 30 s after the compile.
process.exit(0);
