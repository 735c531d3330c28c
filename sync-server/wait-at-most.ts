/** Waits for `work`, but no longer than `ms`: a shutdown must not hang on a slow disk or peer. */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
	try {
		await Promise.race([work, late]);
	} finally {
		clearTimeout(timer);
	}
}
