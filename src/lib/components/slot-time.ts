/** Slot times in French, with Intl: "mar. 4 mars 2030, 09:00 – 13:00". */
const dayFormat = new Intl.DateTimeFormat('fr-FR', {
	weekday: 'short',
	day: 'numeric',
	month: 'long',
	year: 'numeric'
});
const timeFormat = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });

const valid = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** Never throws: a bad timestamp from some other client must not break a page. */
export function formatSlotTime(start: number, end: number): string {
	if (!valid(start) || !valid(end)) return '';
	const from = new Date(start);
	const to = new Date(end);
	if (sameDay(from, to)) {
		return `${dayFormat.format(from)}, ${timeFormat.format(from)} – ${timeFormat.format(to)}`;
	}
	return `${dayFormat.format(from)}, ${timeFormat.format(from)} – ${dayFormat.format(to)}, ${timeFormat.format(to)}`;
}

/** "1 place", "3 places". */
export function seatsText(n: number, suffix = ''): string {
	return `${n} ${n > 1 ? 'places' : 'place'}${suffix && ` ${n > 1 ? `${suffix}s` : suffix}`}`;
}
