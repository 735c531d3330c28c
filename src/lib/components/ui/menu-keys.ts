/**
 * The keyboard model of ActionMenu.svelte (WAI-ARIA menu button pattern), pure so it is tested
 * without a browser: the arrows move and wrap, Home/End jump, disabled items are skipped.
 */

/** The item to focus after `key` from `index` (-1: none yet), or undefined when not our key. */
export function menuIndexAfterKey(
	index: number,
	key: string,
	enabled: readonly boolean[]
): number | undefined {
	const count = enabled.length;
	if (count === 0 || !enabled.some(Boolean)) return undefined;
	const step = (from: number, by: 1 | -1): number => {
		let i = from;
		for (let tries = 0; tries < count; tries++) {
			i = (i + by + count) % count;
			if (enabled[i]) return i;
		}
		return from;
	};
	switch (key) {
		case 'ArrowDown':
			return step(index, 1);
		case 'ArrowUp':
			return step(index < 0 ? 0 : index, -1);
		case 'Home':
			return step(-1, 1);
		case 'End':
			return step(0, -1);
	}
	return undefined;
}
