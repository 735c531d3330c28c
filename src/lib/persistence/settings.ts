import type { QuartierDb } from './db';

export async function get<T>(db: QuartierDb, key: string): Promise<T | undefined> {
	return (await db.settings.get(key))?.value as T | undefined;
}

export async function put(db: QuartierDb, key: string, value: unknown): Promise<void> {
	await db.settings.put({ key, value });
}

export async function remove(db: QuartierDb, key: string): Promise<void> {
	await db.settings.delete(key);
}
