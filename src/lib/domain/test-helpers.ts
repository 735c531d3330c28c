/** Helpers shared by domain tests (not shipped: only imported from *.test.ts). */
import { hashId } from './ids';

export function memberId(seed: string): string {
	return hashId(`test-member:${seed}`);
}

/** A well-formed sealed blob nobody can open: for tests of rules, not of encryption. */
export const FAKE_SEALED = {
	v: 1 as const,
	from: `B${'A'.repeat(86)}`,
	to: `B${'A'.repeat(86)}`,
	iv: 'AAAAAAAAAAAAAAAA',
	ct: 'AAAAAAAAAAAAAAAAAAAAAAAA'
};

/** A tiny seeded generator (mulberry32): fast, and the same seed replays the same schedule. */
export function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (n: number) => Math.floor(next() * n),
		pick<T>(list: readonly T[]): T | undefined {
			return list.length ? list[Math.floor(next() * list.length)] : undefined;
		}
	};
}
