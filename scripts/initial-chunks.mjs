#!/usr/bin/env node
/**
 * What a first visit downloads before a route can paint, and what is in it. After `npm run build`:
 *
 *   node scripts/initial-chunks.mjs [--top N] [src/routes/…/+page.svelte …]
 *
 * Walks the client build's Vite manifest from SvelteKit's entries, every layout above the route and
 * the route's page, through their static imports (dynamic `import()`s are not followed: they load
 * later), and prints each chunk with its gzip size and its largest modules (from
 * `.vite/chunk-modules.json`, written by scripts/chunk-modules-plugin.js). B2 in the bench counts
 * the same closure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLIENT = path.join(ROOT, '.svelte-kit/output/client');
const NODES = '.svelte-kit/generated/client-optimized/nodes';
const DEFAULT_PAGES = [
	'src/routes/+page.svelte',
	'src/routes/b/[id]/+page.svelte',
	'src/routes/welcome/+page.svelte'
];

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex === -1 ? 6 : Number(args.splice(topIndex, 2)[1]);
const pages = args.length > 0 ? args : DEFAULT_PAGES;

const manifestFile = path.join(CLIENT, '.vite/manifest.json');
if (!fs.existsSync(manifestFile)) {
	console.error(`No ${path.relative(ROOT, manifestFile)}: run \`npm run build\` first.`);
	process.exit(1);
}
/** @type {Record<string, { file: string, name?: string, isEntry?: boolean, imports?: string[], css?: string[] }>} */
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const modulesFile = path.join(CLIENT, '.vite/chunk-modules.json');
/** @type {Record<string, { module: string, bytes: number, gzip: number }[]>} */
const modules = fs.existsSync(modulesFile) ? JSON.parse(fs.readFileSync(modulesFile, 'utf8')) : {};

const gzipOf = (/** @type {string} */ file) =>
	gzipSync(fs.readFileSync(path.join(CLIENT, file))).byteLength;
const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** The generated node module that renders a route component (layout or page). */
function nodeOf(/** @type {string} */ component) {
	const dir = path.join(ROOT, NODES);
	for (const file of fs.readdirSync(dir)) {
		if (fs.readFileSync(path.join(dir, file), 'utf8').includes(`/${component}"`))
			return `${NODES}/${file}`;
	}
	throw new Error(`no node renders ${component}`);
}

/** The page's own node and every layout above it, outermost first. */
function nodesFor(/** @type {string} */ page) {
	const layouts = [];
	for (let dir = path.dirname(page); ; dir = path.dirname(dir)) {
		const layout = path.join(dir, '+layout.svelte');
		if (fs.existsSync(path.join(ROOT, layout))) layouts.unshift(layout);
		if (dir === 'src/routes' || dir === '.') break;
	}
	return [...layouts, page].map(nodeOf);
}

function closure(/** @type {string[]} */ keys) {
	const js = new Set();
	const css = new Set();
	const visit = (/** @type {string} */ key) => {
		const chunk = manifest[key];
		if (!chunk) throw new Error(`not in the manifest: ${key}`);
		if (js.has(chunk.file)) return;
		js.add(chunk.file);
		for (const c of chunk.css ?? []) css.add(c);
		for (const i of chunk.imports ?? []) visit(i);
	};
	keys.forEach(visit);
	return { js: [...js], css: [...css] };
}

const entries = Object.keys(manifest).filter(
	(k) => manifest[k]?.isEntry && manifest[k]?.name?.startsWith('entry/')
);
for (const page of pages) {
	const { js, css } = closure([...entries, ...nodesFor(page)]);
	const sized = js.map((file) => ({ file, gzip: gzipOf(file) })).sort((a, b) => b.gzip - a.gzip);
	const jsTotal = sized.reduce((n, c) => n + c.gzip, 0);
	const cssTotal = css.reduce((n, f) => n + gzipOf(f), 0);
	console.log(
		`\n${page}: initial JS ${kb(jsTotal)} gzip in ${js.length} files, CSS ${kb(cssTotal)}`
	);
	for (const { file, gzip } of sized) {
		console.log(`  ${kb(gzip).padStart(9)}  ${file}`);
		for (const mod of (modules[file] ?? []).slice(0, top)) {
			console.log(`  ${''.padStart(9)}    ${kb(mod.gzip).padStart(8)}  ${mod.module}`);
		}
	}
}
