/**
 * My last visit of each board's "Quoi de neuf" (domain/notify/waiting.ts), a device-only setting:
 * another of my phones keeps its own, as each has its own badge.
 */
import type { NoticeVisit } from '$lib/domain/notify/waiting';
import type { QuartierDb } from './db';
import * as settings from './settings';

const keyOf = (boardId: string) => `noticeVisit:${boardId}`;

export async function loadVisit(db: QuartierDb, boardId: string): Promise<NoticeVisit | null> {
	return (await settings.get<NoticeVisit>(db, keyOf(boardId))) ?? null;
}

export function saveVisit(db: QuartierDb, boardId: string, visit: NoticeVisit): Promise<void> {
	return settings.put(db, keyOf(boardId), visit);
}

export function forgetVisit(db: QuartierDb, boardId: string): Promise<void> {
	return settings.remove(db, keyOf(boardId));
}
