import type { BenchContext } from '../lib/context';
import type { Row } from '../lib/report';

export async function runColdOpen(_ctx: BenchContext): Promise<Row[]> {
	return [];
}
