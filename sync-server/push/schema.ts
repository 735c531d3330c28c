/**
 * Push's own tables in the relay's SQLite file (through Storage.sql). Subscriptions are per board
 * and endpoint (one device's browser), so a device on three boards has three rows, each with the
 * member and device key that signed it: a removal drops exactly those. What was pushed, the
 * reminders due and the pushes held by quiet hours are kept here too, so a restart neither
 * forgets nor repeats them.
 */
export const PUSH_SCHEMA = `
	CREATE TABLE IF NOT EXISTS push_subscriptions (
		board TEXT NOT NULL,
		endpoint TEXT NOT NULL,
		member TEXT NOT NULL,
		device_key TEXT NOT NULL,
		chain TEXT NOT NULL,
		p256dh TEXT NOT NULL,
		auth TEXT NOT NULL,
		locale TEXT NOT NULL,
		time_zone TEXT NOT NULL,
		quiet_from TEXT,
		quiet_to TEXT,
		lead_minutes INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		PRIMARY KEY (board, endpoint)
	);
	CREATE INDEX IF NOT EXISTS push_subscriptions_member ON push_subscriptions (board, member);
	CREATE TABLE IF NOT EXISTS push_sent (
		board TEXT NOT NULL,
		member TEXT NOT NULL,
		notice TEXT NOT NULL,
		at INTEGER NOT NULL,
		PRIMARY KEY (board, member, notice)
	);
	CREATE INDEX IF NOT EXISTS push_sent_at ON push_sent (at);
	CREATE TABLE IF NOT EXISTS push_reminders (
		board TEXT NOT NULL,
		member TEXT NOT NULL,
		reminder TEXT NOT NULL,
		role TEXT NOT NULL,
		path TEXT NOT NULL,
		start INTEGER NOT NULL,
		due INTEGER NOT NULL,
		fired INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (board, member, reminder)
	);
	CREATE INDEX IF NOT EXISTS push_reminders_due ON push_reminders (fired, due);
	CREATE TABLE IF NOT EXISTS push_held (
		board TEXT NOT NULL,
		endpoint TEXT NOT NULL,
		kind TEXT NOT NULL,
		path TEXT NOT NULL,
		urgency TEXT NOT NULL,
		count INTEGER NOT NULL,
		release_at INTEGER NOT NULL,
		PRIMARY KEY (board, endpoint)
	);
	CREATE INDEX IF NOT EXISTS push_held_release ON push_held (release_at);
`;
