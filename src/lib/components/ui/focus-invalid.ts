import { tick } from 'svelte';

/**
 * After a refused submit, moves focus to the first invalid field so screen-reader and keyboard
 * users land on the problem and hear its message (linked with aria-describedby).
 */
export async function focusFirstInvalid(form: HTMLElement | undefined): Promise<void> {
	await tick();
	form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
