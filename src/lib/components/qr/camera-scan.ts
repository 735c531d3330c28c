/**
 * The camera side of a scanner: opens the back camera into a <video>, reads its pictures with a
 * FrameDecoder one after the other, hands each text found to `onText`, and lets go of the camera
 * when stopped (closed, unmounted, page hidden) so the phone's camera light goes off.
 */
import { loadDecoder, type FrameDecoder } from './frame-decoder';

/** Why there is no preview: refused by the person or the browser, no camera, or it broke. */
export type CameraProblem = 'denied' | 'absent' | 'failed';

/** A pause between decodes: ~10 pictures a second read a code shown at 5 frames a second. */
const PAUSE_MS = 40;

export function cameraProblem(error: unknown): CameraProblem {
	const name = error instanceof Error || error instanceof DOMException ? error.name : '';
	if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
	if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') {
		return name === 'NotReadableError' ? 'failed' : 'absent';
	}
	return 'failed';
}

export class CameraScan {
	#video: HTMLVideoElement;
	#onText: (text: string) => void;
	#stream: MediaStream | null = null;
	#decoder: FrameDecoder | null = null;
	#running = false;
	#attempt = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(video: HTMLVideoElement, onText: (text: string) => void) {
		this.#video = video;
		this.#onText = onText;
	}

	/** Decode times of the pictures that held a code (ms), for the closing note's figure. */
	get times(): number[] {
		return this.#decoder?.times ?? [];
	}

	/** Starts the preview and the decoding; resolves with the problem, or null when running. */
	async start(): Promise<CameraProblem | null> {
		if (this.#running) return null;
		if (!navigator.mediaDevices?.getUserMedia) return 'absent';
		// A stop() while the camera is still opening wins: the stream it gives is let go at once.
		const attempt = ++this.#attempt;
		try {
			const stream = await navigator.mediaDevices.getUserMedia({
				video: { facingMode: 'environment' },
				audio: false
			});
			if (attempt !== this.#attempt) {
				for (const track of stream.getTracks()) track.stop();
				return null;
			}
			this.#stream = stream;
			this.#video.srcObject = stream;
			await this.#video.play();
			this.#decoder ??= await loadDecoder();
		} catch (error) {
			if (attempt !== this.#attempt) return null; // stopped meanwhile: nothing to tell
			this.stop();
			return cameraProblem(error);
		}
		if (attempt !== this.#attempt) return null;
		this.#running = true;
		this.#schedule();
		return null;
	}

	stop(): void {
		this.#attempt++;
		this.#running = false;
		clearTimeout(this.#timer);
		for (const track of this.#stream?.getTracks() ?? []) track.stop();
		this.#stream = null;
		this.#video.srcObject = null;
	}

	/** Also ends the decoder's worker: after this the scanner is gone. */
	close(): void {
		this.stop();
		this.#decoder?.close();
		this.#decoder = null;
	}

	#schedule(): void {
		this.#timer = setTimeout(() => void this.#tick(), PAUSE_MS);
	}

	async #tick(): Promise<void> {
		if (!this.#running || !this.#decoder) return;
		try {
			for (const text of await this.#decoder.decode(this.#video)) this.#onText(text);
		} catch {
			// One picture that could not be read (the video between two states): try the next.
		}
		if (this.#running) this.#schedule();
	}
}
