/**
 * Members' profile photos for the avatars of one page (issue 19): a board's pages show the
 * photos of that board's members, a cross-board page ("Mes réservations") those of the people it
 * shows, each read from the board it met them on. Call during a component's initialisation: the
 * effects live as long as the component. The photo loader is imported only once someone shown
 * has a photo (avatar-photos.svelte.ts).
 */
import type { AppState } from '../app.svelte';
import type { BoardSession } from '../board/session.svelte';
import { AvatarPhotos } from './avatar-photos.svelte';

/** A photo named before its bytes reached the relay (its owner was offline) comes later. */
const RETRY_MS = 15_000;

export interface ShownMembers {
	session: BoardSession;
	/** The members whose avatars the page shows; every member of the board when absent. */
	only?: ReadonlySet<string>;
}

/** A member's photo as an image URL, or '' for none (what components/ui/avatar-photos.ts provides). */
export type MemberPhotoOf = (memberId: string) => string;

export function memberPhotos(app: AppState, shown: () => readonly ShownMembers[]): MemberPhotoOf {
	/** One loader per board, kept while the page shows someone of it. */
	let byBoard = new Map<string, AvatarPhotos>();
	let current = $state.raw<readonly AvatarPhotos[]>([]);

	$effect(() => {
		const next = new Map<string, AvatarPhotos>();
		for (const { session, only } of shown()) {
			const photos = byBoard.get(session.id) ?? new AvatarPhotos(app, session.id);
			next.set(session.id, photos);
			const all = session.members.all;
			const members = only
				? new Map(
						[...only].flatMap((id) => {
							const member = all.get(id);
							return member ? [[id, member] as const] : [];
						})
					)
				: all;
			photos.show(members, app.online);
		}
		for (const [id, photos] of byBoard) if (!next.has(id)) photos.destroy();
		byBoard = next;
		current = [...next.values()];
	});
	$effect(() => () => {
		for (const photos of byBoard.values()) photos.destroy();
		byBoard = new Map();
	});
	$effect(() => {
		const list = current;
		if (!app.online || !list.some((photos) => photos.missing)) return;
		const timer = setInterval(() => list.forEach((photos) => photos.retry()), RETRY_MS);
		return () => clearInterval(timer);
	});

	return (memberId) => {
		for (const photos of current) {
			const src = photos.srcOf(memberId);
			if (src) return src;
		}
		return '';
	};
}

/** The people a cross-board page shows, as `memberPhotos` wants them: grouped by board. */
export function shownPeople(
	app: AppState,
	people: Iterable<{ boardId: string; memberId: string }>
): ShownMembers[] {
	const byBoard = new Map<string, Set<string>>();
	for (const { boardId, memberId } of people) {
		const ids = byBoard.get(boardId) ?? new Set<string>();
		byBoard.set(boardId, ids.add(memberId));
	}
	return [...byBoard].flatMap(([boardId, only]) => {
		const session = app.session(boardId);
		return session ? [{ session, only }] : [];
	});
}
