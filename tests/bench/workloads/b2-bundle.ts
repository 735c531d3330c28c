/**
 * B2: what a first visit downloads to show a route — SvelteKit's entries, the layout node, the
 * route's node and everything they import statically (Vite's manifest), plus their CSS — gzipped
 * at zlib's default level. Lazily imported chunks are not counted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchContext } from '../lib/context';
import { ensureBuild } from '../lib/build';
import { QUARTIER_DIR } from '../lib/proc';
import { kb, type Row } from '../lib/report';

interface Chunk {
	file: string;
	name?: string;
	isEntry?: boolean;
	imports?: string[];
	css?: string[];
}

const CLIENT = path.join(QUARTIER_DIR, '.svelte-kit/output/client');
const NODES = '.svelte-kit/generated/client-optimized/nodes';
const ROUTES: [string, string][] = [
	['home (/)', 'src/routes/+page.svelte'],
	['board (/b/[id])', 'src/routes/b/[id]/+page.svelte']
];
const LIMIT = 150 * 1024;

export async function runBundle(ctx: BenchContext): Promise<Row[]> {
	ensureBuild(ctx.log);
	const manifest = JSON.parse(
		fs.readFileSync(path.join(CLIENT, '.vite/manifest.json'), 'utf8')
	) as Record<string, Chunk>;
	const entries = Object.keys(manifest).filter(
		(k) => manifest[k]?.isEntry && manifest[k]?.name?.startsWith('entry/')
	);
	return ROUTES.map(([label, component]) => {
		const keys = [...entries, ...layoutsAbove(component).map(nodeOf), nodeOf(component)];
		const { js, css } = closure(manifest, keys);
		const gz = (files: Set<string>) =>
			[...files].reduce(
				(n, f) => n + gzipSync(fs.readFileSync(path.join(CLIENT, f))).byteLength,
				0
			);
		const jsBytes = gz(js);
		const cssBytes = gz(css);
		return {
			id: 'B2',
			peer: `quartier ${label}`,
			figures: `initial JS ${kb(jsBytes)} gzip (${js.size} files), CSS ${kb(cssBytes)} gzip (${css.size} files)`,
			target: '≤ 150 KB gzip JS',
			verdict: jsBytes <= LIMIT ? 'meets' : 'MISSES',
			run: 'valid',
			docs: 'n/a',
			data: { jsBytes, cssBytes, js: [...js], css: [...css] }
		};
	});
}

/**
 * Every `+layout.svelte` above a page, outermost first: the board's own layout loads with it.
 * (scripts/initial-chunks.mjs walks the same closure and lists what is in each chunk.)
 */
function layoutsAbove(component: string): string[] {
	const layouts: string[] = [];
	for (let dir = path.dirname(component); ; dir = path.dirname(dir)) {
		const layout = path.join(dir, '+layout.svelte');
		if (fs.existsSync(path.join(QUARTIER_DIR, layout))) layouts.unshift(layout);
		if (dir === 'src/routes' || dir === '.') break;
	}
	return layouts;
}

/** The generated node module that renders a route component. */
function nodeOf(component: string): string {
	for (const file of fs.readdirSync(path.join(QUARTIER_DIR, NODES))) {
		const source = fs.readFileSync(path.join(QUARTIER_DIR, NODES, file), 'utf8');
		if (source.includes(`/${component.replace(/^src\/routes\//, 'src/routes/')}"`))
			return `${NODES}/${file}`;
	}
	throw new Error(`no node renders ${component}`);
}

function closure(
	manifest: Record<string, Chunk>,
	keys: string[]
): { js: Set<string>; css: Set<string> } {
	const js = new Set<string>();
	const css = new Set<string>();
	const seen = new Set<string>();
	const visit = (key: string) => {
		if (seen.has(key)) return;
		seen.add(key);
		const chunk = manifest[key];
		if (!chunk) throw new Error(`not in the manifest: ${key}`);
		js.add(chunk.file);
		for (const c of chunk.css ?? []) css.add(c);
		for (const i of chunk.imports ?? []) visit(i);
	};
	keys.forEach(visit);
	return { js, css };
}
