/**
 * Reads QR codes from the camera's preview: the browser's own `BarcodeDetector` where it has one
 * (Android Chrome, Safari 17+), else jsQR in a worker (decode-worker.ts), whose code is fetched only
 * now, when a scanner opens: neither the first load nor a board page carries it.
 */
import type { DecodeReply, DecodeRequest } from './decode-worker';

export interface FrameDecoder {
	/** The texts of the codes in the preview's current picture (often none). */
	decode(video: HTMLVideoElement): Promise<string[]>;
	/** Milliseconds of the decodes that found a code, most recent last (for measurements). */
	readonly times: number[];
	close(): void;
}

/** Larger pictures cost time without reading better: a screen's code fills much of the view. */
const MAX_SIDE = 800;

interface Detector {
	detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorClass = {
	new (options: { formats: string[] }): Detector;
	getSupportedFormats(): Promise<string[]>;
};

async function nativeDecoder(): Promise<FrameDecoder | null> {
	const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
	if (!Native) return null;
	try {
		if (!(await Native.getSupportedFormats()).includes('qr_code')) return null;
	} catch {
		return null;
	}
	const detector = new Native({ formats: ['qr_code'] });
	const times: number[] = [];
	return {
		times,
		async decode(video) {
			const started = performance.now();
			const codes = await detector.detect(video);
			if (codes.length > 0) times.push(performance.now() - started);
			return codes.map((code) => code.rawValue);
		},
		close() {}
	};
}

function workerDecoder(): FrameDecoder {
	const worker = new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' });
	const canvas = document.createElement('canvas');
	const context = canvas.getContext('2d', { willReadFrequently: true });
	const waiting = new Map<number, (reply: DecodeReply) => void>();
	const times: number[] = [];
	let next = 0;
	worker.onmessage = ({ data }: MessageEvent<DecodeReply>) => {
		waiting.get(data.id)?.(data);
		waiting.delete(data.id);
	};
	return {
		times,
		async decode(video) {
			if (!context || video.videoWidth === 0) return [];
			const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
			canvas.width = Math.round(video.videoWidth * scale);
			canvas.height = Math.round(video.videoHeight * scale);
			context.drawImage(video, 0, 0, canvas.width, canvas.height);
			const image = context.getImageData(0, 0, canvas.width, canvas.height);
			const id = next++;
			const reply = await new Promise<DecodeReply>((resolve) => {
				waiting.set(id, resolve);
				const request: DecodeRequest = {
					id,
					width: image.width,
					height: image.height,
					pixels: image.data.buffer
				};
				worker.postMessage(request, [image.data.buffer]);
			});
			if (reply.text === null) return [];
			times.push(reply.ms);
			return [reply.text];
		},
		close() {
			worker.terminate();
			for (const resolve of waiting.values()) resolve({ id: -1, text: null, ms: 0 });
			waiting.clear();
		}
	};
}

export async function loadDecoder(): Promise<FrameDecoder> {
	return (await nativeDecoder()) ?? workerDecoder();
}
