/**
 * SQL the relay's stores write once for both engines (SQLite and PostgreSQL, pg-storage/dialect.ts):
 * an upsert is `INSERT … ON CONFLICT (key) DO UPDATE SET …`, never SQLite's `INSERT OR REPLACE`.
 */

/** `a = excluded.a, b = excluded.b` for every column of `columns` ("a, b, …") but the keys. */
export function updateFromExcluded(columns: string, ...keys: string[]): string {
	return columns
		.split(',')
		.map((column) => column.trim())
		.filter((column) => column !== '' && !keys.includes(column))
		.map((column) => `${column} = excluded.${column}`)
		.join(', ');
}
