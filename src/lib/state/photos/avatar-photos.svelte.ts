/**
 * Members' profile photos on one board's pages (issue 19). A member record names its photo by
 * hash; this turns the hashes into image URLs with the loader the space gallery uses
 * (photo-loader.svelte.ts: this phone's copy first, else the relay, checked, kept for offline).
 * This file is in the board page's first load, the loader is not: it is imported only once some
 * member has a photo, after the members are read. Until a photo is ready, and for one the board's
 * store lacks or refuses, `srcOf` is '' and the avatar shows initials.
 */
import type { AppState } from '../app.svelte';
import type { PhotoLoader } from './photo-loader.svelte';

export class AvatarPhotos {
	private loader = $state.raw<PhotoLoader | null>(null);
	/** Member id → photo hash, for members whose record has one. */
	private hashes = $state.raw<ReadonlyMap<string, string>>(new Map());
	private starting: Promise<PhotoLoader> | null = null;
	private lastAsked = '';
	private closed = false;

	constructor(
		private readonly app: AppState,
		private readonly boardId: string
	) {}

	/**
	 * The board's members as they are now. `online` is the app's: photos missing while offline
	 * are asked for again when it comes back.
	 */
	show(members: ReadonlyMap<string, { photo: string | null }>, online: boolean): void {
		const hashes = new Map<string, string>();
		for (const [id, member] of members) if (member.photo) hashes.set(id, member.photo);
		this.hashes = hashes;
		const wanted = [...new Set(hashes.values())];
		const asked = `${online}:${wanted.join(',')}`;
		if (wanted.length === 0 || this.closed || asked === this.lastAsked) return;
		this.lastAsked = asked;
		this.started().then(
			(loader) => loader.show(wanted),
			// A chunk that did not load: initials, and the next change tries again.
			() => (this.starting = null)
		);
	}

	/** Some member's photo could not be had (not uploaded yet, relay busy): worth asking again. */
	get missing(): boolean {
		const views = this.loader?.views ?? {};
		return [...this.hashes.values()].some((hash) => views[hash]?.state === 'missing');
	}

	/** Asks again for the photos that could not be had. */
	retry(): void {
		this.loader?.show([...new Set(this.hashes.values())]);
	}

	/** The member's photo as an image URL, or '' (initials). */
	srcOf(memberId: string): string {
		const hash = this.hashes.get(memberId);
		const view = hash === undefined ? undefined : this.loader?.views[hash];
		return view?.state === 'ready' ? view.url : '';
	}

	destroy(): void {
		this.closed = true;
		this.loader?.destroy();
	}

	private started(): Promise<PhotoLoader> {
		this.starting ??= import('./photo-services').then(({ boardPhotoLoader }) => {
			const loader = boardPhotoLoader(this.app, this.boardId);
			if (this.closed) loader.destroy();
			else this.loader = loader;
			return loader;
		});
		return this.starting;
	}
}
