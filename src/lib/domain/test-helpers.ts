/** Helpers shared by domain tests (not shipped: only imported from *.test.ts). */
import { hashId } from './ids';

export function memberId(seed: string): string {
	return hashId(`test-member:${seed}`);
}
