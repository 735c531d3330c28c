/**
 * The relay's stores write one SQL for both engines: SQLite's, kept to what PostgreSQL also
 * understands (`INSERT … ON CONFLICT`, `excluded.`, `COUNT(*) OVER ()`, `CASE`). Two things still
 * differ, and are translated here for PostgreSQL: placeholders (`?` → `$1`, `$2`…) and the column
 * types of the stores' `CREATE TABLE`s.
 */

/** `?` placeholders as `$n`, leaving quoted text alone. */
export function numberedPlaceholders(sql: string): string {
	let n = 0;
	let out = '';
	let quote: string | null = null;
	for (const ch of sql) {
		if (quote !== null) {
			if (ch === quote) quote = null;
			out += ch;
		} else if (ch === "'" || ch === '"') {
			quote = ch;
			out += ch;
		} else if (ch === '?') {
			out += `$${++n}`;
		} else {
			out += ch;
		}
	}
	return out;
}

/**
 * A store's SQLite DDL as PostgreSQL DDL. Integers are milliseconds and client ids (64-bit);
 * text compares byte by byte as in SQLite (the directory's prefix search by range relies on it);
 * `WITHOUT ROWID` is a SQLite storage detail.
 */
export function postgresDdl(ddl: string): string {
	return ddl
		.replace(/--[^\n]*/g, '')
		.replace(/\bINTEGER PRIMARY KEY AUTOINCREMENT\b/gi, 'BIGSERIAL PRIMARY KEY')
		.replace(/\bINTEGER\b/gi, 'BIGINT')
		.replace(/\bREAL\b/gi, 'DOUBLE PRECISION')
		.replace(/\bBLOB\b/gi, 'BYTEA')
		.replace(/\bTEXT\b/gi, 'TEXT COLLATE "C"')
		.replace(/\)\s*WITHOUT ROWID/gi, ')');
}
