/**
 * This device's Web Push choice (issue 17), device-only: on or off, its subscription, quiet hours,
 * reminder lead, and what each board's relay call last carried (`sent`), so a change, a board
 * joined or left, or a call that failed offline is sent again until the relay has it.
 */
import type { PushEndpoint, QuietHours } from '$lib/sync/push-api';
import type { QuartierDb } from './db';
import * as settings from './settings';

export interface PushPreferences {
	quietHours: QuietHours | null;
	reminderLeadMinutes: number;
}

export interface SentSubscription {
	endpoint: string;
	/** The exact body the relay accepted (or refused for good: not a member there). */
	body: string;
	refused?: boolean;
}

export interface StoredPush extends PushPreferences {
	enabled: boolean;
	subscription: PushEndpoint | null;
	/** Per board id: what the relay holds from this device. */
	sent: Record<string, SentSubscription>;
}

const KEY = 'push';

export async function loadPush(db: QuartierDb, defaults: StoredPush): Promise<StoredPush> {
	return { ...defaults, ...(await settings.get<StoredPush>(db, KEY)) };
}

export function savePush(db: QuartierDb, push: StoredPush): Promise<void> {
	return settings.put(db, KEY, push);
}
