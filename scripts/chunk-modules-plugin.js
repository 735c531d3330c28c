/**
 * A Vite plugin that writes, next to the client build's Vite manifest, which modules each chunk
 * holds and how many bytes each renders to (`.vite/chunk-modules.json`). The manifest alone names
 * chunks, not their contents: scripts/initial-chunks.mjs needs both to say what a first load carries.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as path from 'node:path';

/** @returns {import('vite').Plugin} */
export function chunkModules() {
	return {
		name: 'quartier-chunk-modules',
		apply: 'build',
		writeBundle(options, bundle) {
			// SvelteKit builds the server first, then the client: only the client's chunks are shipped.
			if (!options.dir || !options.dir.split(path.sep).includes('client')) return;
			/** @type {Record<string, { module: string, bytes: number, gzip: number }[]>} */
			const chunks = {};
			for (const output of Object.values(bundle)) {
				if (output.type !== 'chunk') continue;
				chunks[output.fileName] = Object.entries(output.modules)
					.map(([id, mod]) => ({
						module: path.relative(process.cwd(), id.replace(/\?.*$/, '')).replaceAll('\\', '/'),
						bytes: mod.renderedLength,
						// Alone, a module gzips a little worse than inside its chunk: an upper bound.
						gzip: mod.code ? gzipSync(mod.code).byteLength : 0
					}))
					.filter((m) => m.bytes > 0)
					.sort((a, b) => b.gzip - a.gzip);
			}
			mkdirSync(path.join(options.dir, '.vite'), { recursive: true });
			writeFileSync(path.join(options.dir, '.vite/chunk-modules.json'), JSON.stringify(chunks));
		}
	};
}
