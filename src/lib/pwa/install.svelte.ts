/**
 * "Installer Quartier" in the menu. Chromium fires `beforeinstallprompt` once the app meets its
 * install criteria: we keep the event and call its prompt() when the person asks. iOS Safari has
 * no such event, so there we explain how to add the app from the Share sheet. Nothing is offered
 * once the app runs installed (standalone) or has just been installed.
 */
import { isIosSafari } from './ios';

/** Not in TypeScript's DOM types: Chromium only. */
interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/** 'prompt': the browser can install; 'ios': show the Share-sheet help; 'none': offer nothing. */
export type InstallMode = 'none' | 'prompt' | 'ios';

export class InstallPrompt {
	#event = $state.raw<BeforeInstallPromptEvent | null>(null);
	#standalone = $state(false);
	#installed = $state(false);
	#ios = $state(false);

	get mode(): InstallMode {
		if (this.#standalone || this.#installed) return 'none';
		if (this.#event) return 'prompt';
		return this.#ios ? 'ios' : 'none';
	}

	start(): () => void {
		const standalone = matchMedia('(display-mode: standalone)');
		const readStandalone = () => {
			// navigator.standalone: iOS Safari's own flag for a home-screen app.
			this.#standalone =
				standalone.matches || (navigator as { standalone?: boolean }).standalone === true;
		};
		readStandalone();
		this.#ios = isIosSafari(navigator.userAgent, navigator.maxTouchPoints);
		// Caught by src/app.html when it fired before this code ran.
		const early = window as { __quartierInstallPrompt?: BeforeInstallPromptEvent };
		this.#event = early.__quartierInstallPrompt ?? null;
		delete early.__quartierInstallPrompt;
		const onPrompt = (event: Event) => {
			// Keeps Chromium's own mini-infobar away: the menu entry is the calm way to offer it.
			event.preventDefault();
			this.#event = event as BeforeInstallPromptEvent;
		};
		const onInstalled = () => {
			this.#installed = true;
			this.#event = null;
		};
		window.addEventListener('beforeinstallprompt', onPrompt);
		window.addEventListener('appinstalled', onInstalled);
		standalone.addEventListener('change', readStandalone);
		return () => {
			window.removeEventListener('beforeinstallprompt', onPrompt);
			window.removeEventListener('appinstalled', onInstalled);
			standalone.removeEventListener('change', readStandalone);
		};
	}

	/** Shows the browser's install dialog. An event can prompt only once: the entry hides meanwhile. */
	async prompt(): Promise<void> {
		const event = this.#event;
		if (!event) return;
		this.#event = null;
		await event.prompt();
		const { outcome } = await event.userChoice;
		// On 'dismissed' Chromium fires beforeinstallprompt again on a later load: the entry returns.
		if (outcome === 'accepted') this.#installed = true;
	}
}
