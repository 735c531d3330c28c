#!/usr/bin/env node
/**
 * Adds messages to messages/<locale>.json, safely while other people do the same in this checkout.
 *
 *   node scripts/add-messages.mjs new.json          # or: npm run messages:add -- new.json
 *   node scripts/add-messages.mjs - < new.json      # from stdin
 *   node scripts/add-messages.mjs --replace new.json   # change the text of existing keys
 *   node scripts/add-messages.mjs --remove key_a key_b # delete keys no code uses any more
 *
 * new.json: { "board_title": { "fr": "Tableau", "en": "Board" }, ... }. Each text is what Paraglide's
 * message format takes: a string with {params}, or an array of variants (plurals: see
 * src/lib/i18n/README.md). Every locale of project.inlang/settings.json must be given.
 *
 * All or nothing: a key that is already there with another text is refused (exit 1, nothing
 * written) unless --replace; the same text again is skipped. Under a lock file (messages/.lock),
 * each file is read, changed, formatted with prettier and renamed into place, then Paraglide's
 * output is recompiled (scripts/compile-messages.mjs).
 */
import { execFileSync } from 'node:child_process';
import {
	closeSync,
	openSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as prettier from 'prettier';

const root = resolve(import.meta.dirname, '..');
const settings = JSON.parse(readFileSync(join(root, 'project.inlang/settings.json'), 'utf8'));
/** @type {string[]} */
const LOCALES = settings.locales;
const fileOf = (locale) => join(root, 'messages', `${locale}.json`);
const LOCK = join(root, 'messages', '.lock');
/** A lock older than this was left by a killed process: nobody holds one for more than a second. */
const STALE_LOCK_MS = 30_000;
/** snake_case with an area prefix: shell_skip_link, board_post_count. */
const KEY = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

function fail(message) {
	console.error(`add-messages: ${message}`);
	process.exit(1);
}

function parseArgs(argv) {
	const replace = argv.includes('--replace');
	const remove = argv.includes('--remove');
	const rest = argv.filter((arg) => arg !== '--replace' && arg !== '--remove');
	if (remove) {
		if (rest.length === 0) fail('--remove needs the keys to delete');
		return { mode: 'remove', keys: rest };
	}
	if (rest.length !== 1) fail('give one JSON file (or - for stdin); see the header of this script');
	const text = rest[0] === '-' ? readFileSync(0, 'utf8') : readFileSync(rest[0], 'utf8');
	let input;
	try {
		input = JSON.parse(text);
	} catch (error) {
		fail(`not JSON: ${error.message}`);
	}
	if (!input || typeof input !== 'object' || Array.isArray(input))
		fail('expected { key: { fr, en } }');
	const problems = [];
	for (const [key, texts] of Object.entries(input)) {
		if (!KEY.test(key)) problems.push(`${key}: keys are snake_case with an area prefix (board_…)`);
		if (!texts || typeof texts !== 'object' || Array.isArray(texts)) {
			problems.push(`${key}: expected { ${LOCALES.join(', ')} }`);
			continue;
		}
		for (const locale of LOCALES) {
			const value = texts[locale];
			if (typeof value === 'string' ? value.trim() === '' : !Array.isArray(value)) {
				problems.push(`${key}: no ${locale} text`);
			}
		}
		for (const locale of Object.keys(texts)) {
			if (!LOCALES.includes(locale)) problems.push(`${key}: unknown locale ${locale}`);
		}
	}
	if (problems.length > 0) fail(`nothing written:\n  ${problems.join('\n  ')}`);
	return { mode: replace ? 'replace' : 'add', input };
}

async function withLock(fn) {
	const deadline = Date.now() + 20_000;
	for (;;) {
		try {
			closeSync(openSync(LOCK, 'wx'));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			try {
				if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { force: true });
			} catch {
				// released meanwhile
			}
			if (Date.now() > deadline) fail(`messages/.lock is held; remove it if no one is adding`);
			await new Promise((done) => setTimeout(done, 50 + Math.random() * 100));
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(LOCK, { force: true });
	}
}

function sorted(messages) {
	const { $schema, ...rest } = messages;
	const keys = Object.keys(rest).sort();
	return { ...($schema ? { $schema } : {}), ...Object.fromEntries(keys.map((k) => [k, rest[k]])) };
}

async function write(file, messages) {
	const options = (await prettier.resolveConfig(file)) ?? {};
	const text = await prettier.format(JSON.stringify(sorted(messages)), {
		...options,
		filepath: file
	});
	const temp = `${file}.${process.pid}.tmp`;
	writeFileSync(temp, text);
	renameSync(temp, file);
}

const args = parseArgs(process.argv.slice(2));
const report = await withLock(async () => {
	const files = Object.fromEntries(
		LOCALES.map((locale) => [locale, JSON.parse(readFileSync(fileOf(locale), 'utf8'))])
	);
	const done = { added: [], replaced: [], same: [], removed: [], conflicts: [] };
	if (args.mode === 'remove') {
		for (const key of args.keys) {
			if (LOCALES.some((locale) => key in files[locale])) done.removed.push(key);
			for (const locale of LOCALES) delete files[locale][key];
		}
	} else {
		for (const [key, texts] of Object.entries(args.input)) {
			const existing = LOCALES.filter((locale) => key in files[locale]);
			const same =
				existing.length === LOCALES.length &&
				LOCALES.every((locale) => isDeepStrictEqual(files[locale][key], texts[locale]));
			if (same) {
				done.same.push(key);
				continue;
			}
			if (existing.length > 0 && args.mode !== 'replace') {
				const was = existing.map((l) => `${l}: ${JSON.stringify(files[l][key])}`).join(', ');
				done.conflicts.push(`${key} is already ${was}`);
				continue;
			}
			(existing.length > 0 ? done.replaced : done.added).push(key);
			for (const locale of LOCALES) files[locale][key] = texts[locale];
		}
		if (done.conflicts.length > 0) {
			return done; // all or nothing
		}
	}
	if (done.added.length + done.replaced.length + done.removed.length > 0) {
		for (const locale of LOCALES) await write(fileOf(locale), files[locale]);
	}
	return done;
});

if (report.conflicts.length > 0) {
	fail(
		`nothing written; these keys exist with another text (pick another key, or --replace):\n  ${report.conflicts.join('\n  ')}`
	);
}
const line = (label, keys) =>
	keys.length && console.log(`${label} ${keys.length}: ${keys.join(', ')}`);
line('added', report.added);
line('replaced', report.replaced);
line('removed', report.removed);
line('already there', report.same);
if (report.added.length + report.replaced.length + report.removed.length > 0) {
	execFileSync(process.execPath, [join(root, 'scripts/compile-messages.mjs')], {
		stdio: 'inherit'
	});
}
