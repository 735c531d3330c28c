/**
 * Collects scanned frames in any order, duplicates included, until the payload is whole. A frame
 * of another payload starts over with that payload (the person moved to another code): the
 * outcome says so, so the scanner can show it.
 */
import { parseFrame, sameId } from './frames';

export type CollectOutcome =
	| { status: 'foreign' }
	| { status: 'damaged' }
	| { status: 'progress'; received: number; total: number; restarted: boolean; duplicate: boolean }
	| { status: 'complete'; bytes: Uint8Array; total: number }
	/** A frame of the payload completed just before: already handed over, nothing new. */
	| { status: 'seen' }
	/** Every frame was in but the whole did not match its id: dropped, scanning starts again. */
	| { status: 'corrupt' };

export interface CollectProgress {
	received: number;
	total: number;
}

export class FrameCollector {
	#id = '';
	#chunks: (Uint8Array | undefined)[] = [];
	#received = 0;
	#lastComplete = '';

	/** Frames held for the payload being collected, or null before the first frame. */
	get progress(): CollectProgress | null {
		return this.#id ? { received: this.#received, total: this.#chunks.length } : null;
	}

	accept(text: string): CollectOutcome {
		const parsed = parseFrame(text);
		if (parsed.kind !== 'frame') return { status: parsed.kind };
		const { frame } = parsed;
		if (frame.id === this.#lastComplete) return { status: 'seen' };
		let restarted = false;
		if (frame.id !== this.#id || frame.total !== this.#chunks.length) {
			restarted = this.#id !== '';
			this.#start(frame.id, frame.total);
		}
		const duplicate = this.#chunks[frame.index] !== undefined;
		if (!duplicate) {
			this.#chunks[frame.index] = frame.chunk;
			this.#received++;
		}
		if (this.#received < frame.total) {
			return {
				status: 'progress',
				received: this.#received,
				total: frame.total,
				restarted,
				duplicate
			};
		}
		return this.#finish();
	}

	/** Forget everything, the payload handed over last included (it may be scanned again). */
	reset(): void {
		this.#start('', 0);
		this.#lastComplete = '';
	}

	#start(id: string, total: number): void {
		this.#id = id;
		this.#chunks = Array.from({ length: total }, () => undefined);
		this.#received = 0;
	}

	#finish(): CollectOutcome {
		const chunks = this.#chunks as Uint8Array[];
		const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
		let at = 0;
		for (const chunk of chunks) {
			bytes.set(chunk, at);
			at += chunk.length;
		}
		const id = this.#id;
		const total = chunks.length;
		this.#start('', 0);
		if (!sameId(id, bytes)) return { status: 'corrupt' };
		this.#lastComplete = id;
		return { status: 'complete', bytes, total };
	}
}
