/**
 * What a scanner does with each text it reads, from the camera or pasted: Quartier frames go to a
 * FrameCollector (progress, then the whole bytes to `onBytes`), anything else to `onText`. The
 * component turns `notice` into words and shows `error` (what `onBytes` returned).
 */
import { FrameCollector, type CollectProgress } from '$lib/domain/qr/frame-collector';
import { parseFrame } from '$lib/domain/qr/frames';

export interface ScanHandlers {
	/** The bytes of a complete code; a returned string is an error to show, and scanning goes on. */
	onBytes?: (bytes: Uint8Array) => void | string | Promise<void | string>;
	/** Any other text (a link); return true when it was for you. */
	onText?: (text: string) => boolean | void;
}

/** What to tell about the last reading: not ours, damaged, a new code started, or bytes unused. */
export type ScanNotice = 'foreign' | 'damaged' | 'restarted' | 'unused' | 'incomplete' | null;

export class ScanSession {
	progress = $state.raw<CollectProgress | null>(null);
	notice = $state<ScanNotice>(null);
	error = $state('');
	done = $state(false);
	#collector = new FrameCollector();
	#handlers: () => ScanHandlers;
	#lastText = '';
	#busy = false;

	constructor(handlers: () => ScanHandlers) {
		this.#handlers = handlers;
	}

	/** A text the camera read; the same text read again and again is handled once. */
	async read(text: string): Promise<void> {
		if (this.#busy || this.done || text === this.#lastText) return;
		this.#lastText = text;
		await this.#handle(text, false);
	}

	/** Pasted text: one code's text, or the texts of several frames separated by spaces or lines. */
	async paste(text: string): Promise<void> {
		const parts = text.split(/\s+/).filter(Boolean);
		if (parts.length === 0) return;
		this.#lastText = '';
		const frames = parts.every((part) => parseFrame(part).kind !== 'foreign');
		if (!frames) return this.#handle(text.trim(), true);
		for (const part of parts) {
			await this.#handle(part, true);
			if (this.done || this.notice === 'damaged') return;
		}
		if (this.progress) this.notice = 'incomplete';
	}

	async #handle(text: string, pasted: boolean): Promise<void> {
		const outcome = this.#collector.accept(text);
		switch (outcome.status) {
			case 'foreign':
				if (this.#handlers().onText?.(text) === true) this.done = true;
				else this.notice = 'foreign';
				return;
			case 'damaged':
			case 'corrupt':
				// From the camera a misread frame is only noise; a pasted one is worth saying.
				if (pasted || outcome.status === 'corrupt') this.notice = 'damaged';
				return;
			case 'seen':
				return;
			case 'progress':
				this.progress = { received: outcome.received, total: outcome.total };
				this.notice = outcome.restarted ? 'restarted' : null;
				return;
			case 'complete':
				this.progress = { received: outcome.total, total: outcome.total };
				await this.#deliver(outcome.bytes);
		}
	}

	async #deliver(bytes: Uint8Array): Promise<void> {
		const { onBytes } = this.#handlers();
		if (!onBytes) {
			this.notice = 'unused';
			return;
		}
		this.#busy = true;
		try {
			const problem = await onBytes(bytes);
			this.error = typeof problem === 'string' ? problem : '';
			this.done = typeof problem !== 'string';
			this.notice = null;
		} finally {
			this.#busy = false;
			if (!this.done) this.progress = null;
		}
	}
}
