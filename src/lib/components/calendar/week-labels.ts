/**
 * A week's words in the app's language, with Intl: "lun. 7 déc." / "Mon 7 Dec", "7–13 déc. 2026".
 * Civil dates are formatted at noon UTC in UTC, so no zone can move them to another day.
 */
import { m } from '$lib/paraglide/messages.js';
import { dateTimeFormat } from '$lib/i18n/format';
import { intlLocale } from '$lib/i18n/locale';
import type { CivilDate, Week, Weekday } from '$lib/domain/cowork/week';
import type { SlotGlance } from '$lib/domain/cowork/slot-glance';
import { seatsText } from '../cowork/slot-time';

const noon = (d: CivilDate) => Date.UTC(d.year, d.month - 1, d.day, 12);

/** "lun. 7 déc." / "Mon 7 Dec": a day column's heading. */
export function dayHeading(date: CivilDate): string {
	return dateTimeFormat({
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		timeZone: 'UTC'
	}).format(noon(date));
}

/** "lundi 7 décembre" / "Monday 7 December": what a screen reader says before a slot's time. */
export function dayLong(date: CivilDate): string {
	return dateTimeFormat({ weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
		noon(date)
	);
}

/** "7–13 déc. 2026" / "28 Dec 2026 – 3 Jan 2027". */
export function weekRange(week: Week): string {
	const format = dateTimeFormat({
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	});
	return format.formatRange(noon(week.days[0]!), noon(week.days[6]!));
}

/** The first day of the week where the locale says (Intl weekInfo); Monday when it cannot tell. */
export function firstWeekday(): Weekday {
	try {
		const locale = new Intl.Locale(intlLocale()) as Intl.Locale & {
			getWeekInfo?: () => { firstDay: number };
			weekInfo?: { firstDay: number };
		};
		const first = locale.getWeekInfo?.().firstDay ?? locale.weekInfo?.firstDay;
		return first && first >= 1 && first <= 7 ? (first as Weekday) : 1;
	} catch {
		return 1;
	}
}

/** "2 places libres", "Complet · 1 en liste d’attente", "Annulé", "Terminé". */
export function glanceText(glance: SlotGlance): string {
	switch (glance.kind) {
		case 'cancelled':
			return m.cal_cancelled();
		case 'ended':
			return m.cal_ended();
		case 'free':
			return seatsText(glance.free, 'free');
		case 'full':
			return glance.waitlisted > 0
				? m.cal_full_waitlist({ count: glance.waitlisted })
				: m.cal_full();
	}
}
