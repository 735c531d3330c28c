/**
 * Photos' bytes (issue 19), one row per board and sha256 in the relay's database, next to the
 * boards they belong to. Written through the storage worker like every write, so a `put` resolves
 * only once the row is committed and fsynced (synchronous=FULL): the 201 promises the photo
 * survives a crash, as an acknowledgement promises an update does.
 *
 * `blobs_named` remembers the photos a sweep (sweep.ts) found some record of the board naming: one
 * that loses its last name is deleted at the next sweep, one never named waits out a grace period
 * (its record may still be on its way from the phone that uploaded it).
 */
import type { PhotoType } from '../../src/lib/domain/photos/rules';
import type { SqlAccess, SqlStatement } from '../storage';

export const BLOB_SCHEMA = `
	CREATE TABLE IF NOT EXISTS blobs (
		board TEXT NOT NULL,
		hash TEXT NOT NULL,
		type TEXT NOT NULL,
		size INTEGER NOT NULL,
		data BLOB NOT NULL,
		member TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (board, hash)
	);
	CREATE TABLE IF NOT EXISTS blobs_named (
		board TEXT NOT NULL,
		hash TEXT NOT NULL,
		PRIMARY KEY (board, hash)
	);
`;

export interface StoredBlob {
	type: PhotoType;
	data: Buffer;
}

export interface NewBlob {
	boardId: string;
	hash: string;
	type: PhotoType;
	data: Buffer;
	/** Who uploaded it. */
	memberId: string;
	at: number;
}

/** What a sweep needs to know of a stored photo: never its bytes. */
export interface BlobListing {
	hash: string;
	/** When it was last uploaded; a sweep's delete and mark apply only if it is still this. */
	uploadedAt: number;
	/** A sweep found a record naming it since that upload. */
	named: boolean;
}

export class BlobStore {
	private readonly selectBlob;
	private readonly selectExists;
	private readonly selectUsage;
	private readonly selectListing;

	constructor(private readonly sql: SqlAccess) {
		sql.schema(BLOB_SCHEMA);
		this.selectBlob = sql.read<{ type: PhotoType; data: Buffer }>(
			'SELECT type, data FROM blobs WHERE board = ? AND hash = ?'
		);
		this.selectExists = sql.read<{ one: number }>(
			'SELECT 1 AS one FROM blobs WHERE board = ? AND hash = ?'
		);
		this.selectUsage = sql.read<{ used: number }>(
			'SELECT COALESCE(SUM(size), 0) AS used FROM blobs WHERE board = ?'
		);
		this.selectListing = sql.read<{ hash: string; created_at: number; named: number | null }>(
			`SELECT b.hash AS hash, b.created_at AS created_at, n.board IS NOT NULL AS named
				FROM blobs b LEFT JOIN blobs_named n ON n.board = b.board AND n.hash = b.hash
				WHERE b.board = ?`
		);
	}

	get(boardId: string, hash: string): Promise<StoredBlob | undefined> {
		return this.selectBlob.get(boardId, hash);
	}

	async has(boardId: string, hash: string): Promise<boolean> {
		return (await this.selectExists.get(boardId, hash)) !== undefined;
	}

	/** Bytes the board's photos take. */
	async usage(boardId: string): Promise<number> {
		return Number((await this.selectUsage.get(boardId))?.used ?? 0);
	}

	async list(boardId: string): Promise<BlobListing[]> {
		const rows = await this.selectListing.all(boardId);
		return rows.map((row) => ({
			hash: row.hash,
			uploadedAt: Number(row.created_at),
			named: Boolean(row.named)
		}));
	}

	/**
	 * Resolves once committed. The same hash again counts as a new upload (the bytes are the
	 * same): a phone uploads just before a record names the photo, so the photo waits out the
	 * grace again, even if a sweep on a copy that lags behind that record runs meanwhile.
	 */
	async put(blob: NewBlob): Promise<void> {
		await this.sql.write([
			{
				sql: `INSERT INTO blobs (board, hash, type, size, data, member, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (board, hash) DO UPDATE SET created_at = excluded.created_at`,
				params: [
					blob.boardId,
					blob.hash,
					blob.type,
					blob.data.byteLength,
					blob.data,
					blob.memberId,
					blob.at
				]
			},
			{
				sql: 'DELETE FROM blobs_named WHERE board = ? AND hash = ?',
				params: [blob.boardId, blob.hash]
			}
		]);
	}

	/**
	 * Deletes `unnamed` and marks `named`, each only if it was not uploaded again since it was
	 * listed. Resolves with the photos deleted. Two commits: a crash between them leaves at most
	 * marks of photos already gone, which the next upload of those bytes clears.
	 */
	async sweep(boardId: string, named: BlobListing[], unnamed: BlobListing[]): Promise<number> {
		if (unnamed.length === 0 && named.length === 0) return 0;
		// Deletes on their own commit, so that the rows it changed are the photos removed.
		const deletes = unnamed.map((blob): SqlStatement => ({
			sql: 'DELETE FROM blobs WHERE board = ? AND hash = ? AND created_at = ?',
			params: [boardId, blob.hash, blob.uploadedAt]
		}));
		const removed = deletes.length === 0 ? 0 : await this.sql.write(deletes);
		const marks = [
			...unnamed.map((blob) => ({
				// Its bytes are gone (or were uploaded again, which unmarks too).
				sql: 'DELETE FROM blobs_named WHERE board = ? AND hash = ?',
				params: [boardId, blob.hash]
			})),
			...named.map((blob) => ({
				sql: `INSERT INTO blobs_named (board, hash)
					SELECT board, hash FROM blobs WHERE board = ? AND hash = ? AND created_at = ?
					ON CONFLICT DO NOTHING`,
				params: [boardId, blob.hash, blob.uploadedAt]
			}))
		];
		if (marks.length > 0) await this.sql.write(marks);
		return removed;
	}
}
