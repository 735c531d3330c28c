/**
 * Photos' bytes (issue 19), one row per board and sha256 in the relay's SQLite file, next to the
 * boards they belong to. Written through the storage worker like every write, so a `put` resolves
 * only once the row is committed and fsynced (synchronous=FULL): the 201 promises the photo
 * survives a crash, as an acknowledgement promises an update does.
 */
import type { PhotoType } from '../../src/lib/domain/photos/rules';
import type { SqlAccess } from '../storage';

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
	/** Who uploaded it: kept for the day unreferenced photos are cleaned up. */
	memberId: string;
	at: number;
}

export class BlobStore {
	private readonly selectBlob;
	private readonly selectExists;
	private readonly selectUsage;

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

	/** Resolves once committed; the same hash again is a no-op (the bytes are the same). */
	async put(blob: NewBlob): Promise<void> {
		await this.sql.write([
			{
				sql: `INSERT INTO blobs (board, hash, type, size, data, member, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				params: [
					blob.boardId,
					blob.hash,
					blob.type,
					blob.data.byteLength,
					blob.data,
					blob.memberId,
					blob.at
				]
			}
		]);
	}
}
