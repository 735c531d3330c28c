/**
 * Saving the board's visibility from the admin page, and the chosen place's name for the form.
 * An open board's mark carries the secret of its own invite link ("Annuaire"), minted on opening.
 */
import type { VisibilityInput } from '$lib/domain/directory/visibility';
import { NotAuthorError, ValidationError } from '$lib/domain/errors';
import { m } from '$lib/paraglide/messages.js';
import type { BoardSession } from '$lib/state/board/session.svelte';
import { placeName } from '$lib/state/places';

export function saveVisibility(
	session: BoardSession,
	input: VisibilityInput
): { fields?: Record<string, string>; error?: string } | null {
	try {
		session.moderation.setVisibility(input, m.invite_directory_link_name());
		return null;
	} catch (error) {
		if (error instanceof ValidationError) return { fields: error.fields };
		if (!(error instanceof NotAuthorError)) console.error(error);
		return { error: m.visibility_save_failed() };
	}
}

/** "Luxembourg (LU)" for the board's place, read from the relay; '' until then or offline. */
export function usePlaceLabel(placeId: () => number | null): { readonly current: string } {
	let label = $state('');
	$effect(() => {
		const id = placeId();
		label = '';
		if (id === null) return;
		let live = true;
		void placeName(id).then((place) => {
			if (live && place) label = `${place.name} (${place.country})`;
		});
		return () => {
			live = false;
		};
	});
	return {
		get current() {
			return label;
		}
	};
}
