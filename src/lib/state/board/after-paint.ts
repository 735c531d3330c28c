/** Work that must not delay a paint: the first screen shows before it runs. */
/**
 * Runs `run` once the browser has had a chance to paint (a frame, then a task), or soon anyway:
 * a hidden tab draws no frames, and outside a browser (tests) there are none.
 */
export function afterNextPaint(run: () => void): void {
	let done = false;
	const once = () => {
		if (done) return;
		done = true;
		run();
	};
	if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(once, 0));
	setTimeout(once, 100);
}
