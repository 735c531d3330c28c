/**
 * The frames codec: any payload size, any scan order with duplicates, damaged and foreign text.
 * fast-check prints the seed of any failure (replay with `{ seed, path }`).
 */
import fc from 'fast-check';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { FrameCollector } from './frame-collector';
import { FRAME_PAYLOAD_BYTES, parseFrame, toFrames } from './frames';
import { bytesToDigits, digitsToBytes } from './numeric-bytes';

const nth = (texts: string[], i: number): string => texts[i] ?? '';

/** Feeds frames in the given order; returns the bytes of the first completion and the outcomes. */
function scan(collector: FrameCollector, texts: string[]) {
	const outcomes = texts.map((text) => collector.accept(text));
	const complete = outcomes.find((o) => o.status === 'complete');
	return { outcomes, bytes: complete?.status === 'complete' ? complete.bytes : undefined };
}

/** A scan order: every frame at least once, shuffled, with random repeats. */
const scanOrder = (total: number) =>
	fc
		.tuple(
			fc.shuffledSubarray([...Array(total).keys()], { minLength: total, maxLength: total }),
			fc.array(fc.nat({ max: total - 1 }), { maxLength: total * 2 }),
			fc.array(fc.nat(), { maxLength: total * 2 })
		)
		.map(([order, repeats, places]) => {
			const result = [...order];
			repeats.forEach((frame, i) =>
				result.splice((places[i] ?? 0) % (result.length + 1), 0, frame)
			);
			return result;
		});

describe('bytes as digits', () => {
	it('round-trips any bytes, digits only', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
				const digits = bytesToDigits(bytes);
				expect(digits).toMatch(/^\d*$/);
				expect(digitsToBytes(digits)).toEqual(bytes);
			})
		);
	});

	it('refuses what it could not have written', () => {
		expect(digitsToBytes('12a')).toBeNull();
		expect(digitsToBytes('1234')).toBeNull(); // no group of bytes is 4 digits
		expect(digitsToBytes('999')).toBeNull(); // 999 > 255
	});
});

describe('frames of a payload', () => {
	it('gives one frame to a small payload', () => {
		expect(toFrames(new Uint8Array(300).fill(7))).toHaveLength(1);
		expect(toFrames(new Uint8Array(0))).toHaveLength(1);
	});

	it('fits every frame in a QR code of version ≤ 15 at error correction M', () => {
		const payload = crypto.getRandomValues(new Uint8Array(FRAME_PAYLOAD_BYTES * 3));
		for (const text of toFrames(payload)) {
			const qr = encode(text, { ecc: 'M' });
			expect(qr.version).toBeLessThanOrEqual(15);
		}
		// And the size is the most that fits: one more byte per frame would not.
		const bigger = nth(toFrames(payload, { maxFrameBytes: FRAME_PAYLOAD_BYTES + 3 }), 0);
		expect(encode(bigger, { ecc: 'M' }).version).toBeGreaterThan(15);
	});

	it('completes in any order with duplicates, for any size', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 6000 }),
				fc.integer({ min: 20, max: 600 }),
				fc.nat(),
				(payload, maxFrameBytes, orderSeed) => {
					const frames = toFrames(payload, { maxFrameBytes });
					expect(frames).toHaveLength(Math.max(1, Math.ceil(payload.length / maxFrameBytes)));
					const [order] = fc.sample(scanOrder(frames.length), { seed: orderSeed, numRuns: 1 });
					const collector = new FrameCollector();
					const { outcomes, bytes } = scan(
						collector,
						(order ?? []).map((i) => nth(frames, i))
					);
					expect(bytes).toEqual(payload);
					const done = outcomes.findIndex((o) => o.status === 'complete');
					// Progress counts distinct frames and never goes back before completion.
					let last = 0;
					for (const outcome of outcomes.slice(0, done)) {
						expect(outcome.status).toBe('progress');
						if (outcome.status !== 'progress') continue;
						expect(outcome.total).toBe(frames.length);
						expect(outcome.received).toBeGreaterThanOrEqual(last);
						last = outcome.received;
					}
					// Frames seen after completion hand nothing over again.
					for (const outcome of outcomes.slice(done + 1)) expect(outcome.status).toBe('seen');
				}
			),
			{ numRuns: 150 }
		);
	});

	it('reports foreign text without throwing', () => {
		const collector = new FrameCollector();
		for (const text of [
			'',
			'https://quartier.example/join#board=abc&key=def',
			'hello',
			'0123456789',
			'4006381333931', // a product barcode's digits
			'😀'.repeat(10),
			undefined as unknown as string
		]) {
			expect(collector.accept(text).status).toBe('foreign');
		}
		fc.assert(
			fc.property(fc.string(), (text) => {
				expect(['foreign', 'damaged']).toContain(parseFrame(text).kind);
			})
		);
	});

	it('refuses truncated and corrupted frames, keeps the good ones', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 500, maxLength: 3000 }),
				fc.nat(),
				fc.nat(),
				(payload, a, b) => {
					const frames = toFrames(payload, { maxFrameBytes: 200 });
					const victim = nth(frames, a % frames.length);
					const at = b % victim.length;
					const flipped =
						victim.slice(0, at) + ((Number(victim[at]) + 1) % 10) + victim.slice(at + 1);
					const truncated = victim.slice(0, Math.max(0, victim.length - 1 - (b % 20)));
					expect(parseFrame(flipped).kind).not.toBe('frame');
					expect(parseFrame(truncated).kind).not.toBe('frame');
					const collector = new FrameCollector();
					expect(['damaged', 'foreign']).toContain(collector.accept(flipped).status);
					expect(scan(collector, frames).bytes).toEqual(payload);
				}
			),
			{ numRuns: 100 }
		);
	});

	it('never mixes two payloads: a frame of another one starts over, clearly', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 401, maxLength: 2000 }),
				fc.uint8Array({ minLength: 401, maxLength: 2000 }),
				(first, second) => {
					fc.pre(first.join() !== second.join());
					const a = toFrames(first, { maxFrameBytes: 100 });
					const b = toFrames(second, { maxFrameBytes: 100 });
					const collector = new FrameCollector();
					collector.accept(nth(a, 0));
					collector.accept(nth(a, 1));
					const switched = collector.accept(nth(b, 0));
					expect(switched).toMatchObject({ status: 'progress', received: 1, restarted: true });
					const { bytes } = scan(collector, [...a.slice(2), ...b]);
					// What completes first is one payload, whole, never a blend.
					expect([first.join(), second.join()]).toContain(bytes?.join());
				}
			),
			{ numRuns: 60 }
		);
	});

	it('lets the same payload be scanned again after a reset', () => {
		const payload = new Uint8Array(900).map((_, i) => i % 251);
		const frames = toFrames(payload);
		const collector = new FrameCollector();
		expect(scan(collector, frames).bytes).toEqual(payload);
		expect(collector.accept(nth(frames, 0)).status).toBe('seen');
		collector.reset();
		expect(scan(collector, frames).bytes).toEqual(payload);
	});
});
