/** The app-shell side of the PWA that the root layout owns: updates and installation. */
import { getContext, setContext } from 'svelte';
import { InstallPrompt } from './install.svelte';
import { AppUpdate } from './update.svelte';

export class Pwa {
	readonly update = new AppUpdate();
	readonly install = new InstallPrompt();

	/** Registers the service worker and starts listening; the returned function stops listening. */
	start(): () => void {
		const stops = [this.update.start(), this.install.start()];
		return () => stops.forEach((stop) => stop());
	}
}

const KEY = Symbol('pwa');

/** The root layout shares its one Pwa: the "Moi" page shows the install entry. */
export function providePwa(pwa: Pwa): void {
	setContext(KEY, pwa);
}

export function getPwa(): Pwa {
	return getContext<Pwa>(KEY);
}
