/** The table `npm run bench` prints, and the JSON it writes. */

export interface Row {
	id: string;
	peer: string;
	figures: string;
	/** Quartier's target, on Quartier's rows. */
	target?: string;
	/** 'meets' | 'MISSES' on Quartier's rows with a target. */
	verdict?: string;
	/** 'valid', 'INVALID: …', or 'not run: …'. */
	run: string;
	/** Correctness: do all replicas end with identical documents? */
	docs: string;
	data?: unknown;
}

export const ms = (v: number) =>
	Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(0)}` : '–';
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const pct = (v: number) => `${v.toFixed(0)}%`;

const COLUMNS: [keyof Row, string][] = [
	['id', 'id'],
	['peer', 'peer'],
	['figures', 'figures'],
	['target', 'target (Quartier)'],
	['verdict', 'verdict'],
	['run', 'run'],
	['docs', 'documents']
];

export function renderTable(rows: Row[]): string {
	const cell = (r: Row, key: keyof Row) => String(r[key] ?? '').replaceAll('|', '/');
	const lines = [
		`| ${COLUMNS.map(([, h]) => h).join(' | ')} |`,
		`|${COLUMNS.map(() => '---').join('|')}|`,
		...rows.map((r) => `| ${COLUMNS.map(([k]) => cell(r, k)).join(' | ')} |`)
	];
	return lines.join('\n');
}

export function notRun(id: string, peer: string, why: string): Row {
	return { id, peer, figures: '–', run: `not run: ${why}`, docs: 'n/a' };
}

/** A peer's run that threw: the other peers' rows still get printed. */
export function failed(id: string, peer: string, error: unknown): Row {
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(
		`[bench] ${id} ${peer} failed: ${error instanceof Error ? error.stack : message}\n`
	);
	return { id, peer, figures: '–', run: `FAILED: ${message}`, docs: 'n/a' };
}
