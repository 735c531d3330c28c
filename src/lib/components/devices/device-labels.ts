/** Plain words for device-linking refusals (domain codes → messages in the current language). */
import { m } from '$lib/paraglide/messages.js';
import { LinkCodeRefused, LinkRefused } from '$lib/domain/identity/link-codes';

/**
 * `pasted`: which code this screen expects — the new device's request (on a device I have) or
 * the reply (on the new device); the other one pasted by mistake gets its own explanation.
 */
export function linkErrorText(error: unknown, pasted: 'request' | 'response'): string {
	if (error instanceof LinkCodeRefused) {
		switch (error.code) {
			case 'empty':
				return m.devices_error_empty();
			case 'not-a-code':
				return m.devices_error_not_a_code();
			case 'wrong-kind':
				return pasted === 'request'
					? m.devices_error_wrong_kind_request()
					: m.devices_error_wrong_kind_response();
			case 'damaged':
				return m.devices_error_damaged();
		}
	}
	if (error instanceof LinkRefused) {
		switch (error.code) {
			case 'full':
				return m.devices_error_full();
			case 'already-linked':
				return m.devices_error_already_linked();
			case 'own-device':
				return m.devices_error_own_device();
			case 'this-device-removed':
				return m.devices_error_this_device_removed();
			case 'not-for-this-device':
				return m.devices_error_not_for_this_device();
			case 'no-pending-request':
				return m.devices_error_no_pending_request();
			case 'already-a-member':
				return m.devices_error_already_a_member();
		}
	}
	return m.devices_error_unknown();
}
