import type { BenchContext } from '../lib/context';
import type { Row } from '../lib/report';

export async function runBoardSize(_ctx: BenchContext): Promise<Row[]> {
	return [];
}
