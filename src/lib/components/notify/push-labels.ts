/** Words for Web Push settings: each status, and each reminder lead time. */
import { m } from '$lib/paraglide/messages.js';

export type PushStatusCode = 'off' | 'on' | 'working' | 'unavailable' | 'denied' | 'unsupported';

export function pushStatusLine(status: PushStatusCode): string {
	switch (status) {
		case 'on':
			return m.push_status_on();
		case 'off':
			return m.push_status_off();
		case 'working':
			return m.push_working();
		case 'unavailable':
			return m.push_unavailable();
		case 'denied':
			return m.push_denied();
		case 'unsupported':
			return m.push_unsupported();
	}
}

/** "30 minutes avant", "3 heures avant", "La veille (24 heures avant)". */
export function leadLabel(minutes: number): string {
	if (minutes >= 1440) return m.push_lead_day();
	if (minutes >= 60) return m.push_lead_hours({ count: Math.round(minutes / 60) });
	return m.push_lead_minutes({ count: minutes });
}
