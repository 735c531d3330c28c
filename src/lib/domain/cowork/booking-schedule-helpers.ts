/** Small helpers of the random booking schedules (booking-schedule.ts). */
import type * as Y from 'yjs';
import * as bookings from './booking-commands';

/** Mostly what a host would do in that state, sometimes what the rules must refuse. */
export function pickDecision(status: string, roll: number): bookings.DecisionChange['decision'] {
	const waiting = status === 'requested' || status === 'waitlisted';
	if (roll < 0.1)
		return (['confirmed', 'declined', 'cancelled', 'no-show'] as const)[Math.floor(roll * 40)]!;
	if (waiting) return roll < 0.75 ? 'confirmed' : 'declined';
	if (status === 'confirmed' || status === 'over-capacity')
		return roll < 0.8 ? 'cancelled' : 'no-show';
	return 'confirmed';
}

export function rosterDevicesBySlot(doc: Y.Doc): Map<string, Set<string>> {
	const bySlot = new Map<string, Set<string>>();
	doc.getMap('rosters').forEach((raw, key) => {
		const slot = (raw as { slot?: unknown }).slot;
		if (typeof slot !== 'string') return;
		bySlot.set(slot, (bySlot.get(slot) ?? new Set()).add(key));
	});
	return bySlot;
}

export function confirmationsIn(doc: Y.Doc): Set<string> {
	const found = new Set<string>();
	doc.getMap('rosters').forEach((raw, key) => {
		const entries = (raw as { entries?: Record<string, Record<string, unknown>> }).entries ?? {};
		for (const [booking, entry] of Object.entries(entries)) {
			if (entry.decision !== 'confirmed') continue;
			found.add(`${booking}@${String(entry.device || key)}#${String(entry.seq)}`);
		}
	});
	return found;
}

export const short = (key: string) => key.slice(-6);
