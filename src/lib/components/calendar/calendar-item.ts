/**
 * One entry of a week calendar, already in words: the pages build them from slot states
 * (slot-items.ts), the calendar only lays them out by day.
 */
export interface CalendarItem {
	key: string;
	start: number;
	end: number;
	/** The space, on pages that gather several ("Mes réservations", "Mes accueils"). */
	title?: string;
	/** "2 places libres", "Complet", "Annulé": seats at a glance. */
	seats: string;
	tone: 'free' | 'full' | 'off';
	/** My own booking on it, in words ("Ma réservation : Confirmée"). */
	mine?: string;
	/** For the host: requests to answer, seats confirmed. */
	note?: string;
	/** A link to open instead of a selection (the slot's space page). */
	href?: string;
}

/** How a page shows its slots; remembered on the device (state/calendar-view.svelte.ts). */
export type CalendarView = 'week' | 'list';
