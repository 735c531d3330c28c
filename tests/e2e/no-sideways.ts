/**
 * "No screen scrolls sideways" (issue 17, issue 19's phone sizes), measured one way for every
 * spec: the page is no wider than the viewport, and a failure names the innermost elements that
 * stick out on the right.
 */
import { expect, type Page } from '@playwright/test';

export async function expectNoSideways(page: Page, screen: string): Promise<void> {
	// Layout settles after the data loads: measure once the main content is there.
	await expect(page.locator('main h1').first()).toBeVisible();
	const viewport = page.viewportSize()!.width;
	const { width, culprits } = await page.evaluate((limit) => {
		const out = [...document.body.querySelectorAll('*')].filter(
			(el) => el.getBoundingClientRect().right > limit + 0.5
		);
		const innermost = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
		const name = (el: Element) =>
			`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
		return {
			width: document.documentElement.scrollWidth,
			culprits: innermost.slice(0, 5).map((el) => `${name(el.parentElement!)} > ${name(el)}`)
		};
	}, viewport);
	expect(
		width,
		`${screen} (${page.url()}) is ${width} px wide: ${culprits.join(', ')}`
	).toBeLessThanOrEqual(viewport);
}
