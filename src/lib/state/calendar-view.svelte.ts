/**
 * "Semaine" or "Liste" on the slot pages, remembered on this device (localStorage: a display
 * preference, nothing to sync). One choice for the space, bookings and hosting pages.
 */
export type CalendarView = 'week' | 'list';

const KEY = 'quartier-slot-view';

function stored(): CalendarView {
	try {
		return globalThis.localStorage?.getItem(KEY) === 'week' ? 'week' : 'list';
	} catch {
		return 'list';
	}
}

class CalendarViewChoice {
	value = $state<CalendarView>(stored());

	set(view: CalendarView): void {
		this.value = view;
		try {
			globalThis.localStorage?.setItem(KEY, view);
		} catch {
			// Private mode or a full quota: the choice holds until the page closes.
		}
	}
}

export const calendarView = new CalendarViewChoice();
