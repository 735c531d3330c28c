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
