/** The accessibility checks of a11y.spec.ts: axe, tap targets, font size, focus ring, states in words. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** WCAG 2.5.5 (AAA) size, which the project asks for everywhere (DESIGN.md §1: older neighbours). */
const MIN_TARGET = 44;
const MIN_FONT_PX = 16;
/** What a finger or the keyboard can act on. */
const CONTROLS =
	'button, a[href], input, select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';

export type Lang = 'fr' | 'en';

/** One problem line per finding; the test fails at the end if there is any. */
export class Findings {
	readonly lines: string[] = [];
	add(screen: string, line: string) {
		this.lines.push(`[${screen}] ${line}`);
	}
	report() {
		expect(this.lines, `\n${this.lines.join('\n')}\n`).toEqual([]);
	}
}

async function axe(page: Page, screen: string, findings: Findings): Promise<void> {
	// Legacy mode runs axe.run() in the page itself; the default opens and closes a blank page per
	// scan to merge frame results, about twice as slow, and our screens have no iframes.
	const result = await new AxeBuilder({ page }).withTags(TAGS).setLegacyMode().analyze();
	for (const v of result.violations) {
		const targets = v.nodes.map((n) => n.target.join(' ')).join(' | ');
		findings.add(
			screen,
			`axe ${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help} — ${targets} — ${v.helpUrl}`
		);
	}
}

/**
 * Every visible control is at least 44×44 px. Exempt, as WCAG 2.5.8 allows:
 * - a link inside a sentence: an `a` laid out `display: inline` whose paragraph, list item or
 *   block holds other text too ("Signalé par <a>Bruno</a> le 3 mars"); its height is the line's.
 *   A link alone on its line is not exempt: it takes the `.link-target` class (app.css).
 * - a radio or checkbox inside its label: the label is the target, so the label is measured.
 */
async function targets(page: Page, screen: string, findings: Findings): Promise<void> {
	const small = await page.evaluate(
		([selector, min]) => {
			const out: string[] = [];
			for (const el of document.querySelectorAll<HTMLElement>(selector)) {
				if (el.closest('[hidden], [aria-hidden=true], .visually-hidden, dialog:not([open])'))
					continue;
				const style = getComputedStyle(el);
				if (style.visibility === 'hidden' || style.display === 'none') continue;
				if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
				let box = el.getBoundingClientRect();
				if (box.width === 0 && box.height === 0) continue;
				if (el.tagName === 'A' && style.display === 'inline') {
					const block = el.parentElement?.closest('p, li, dd, td, div, label, legend') ?? null;
					const own = (el.textContent ?? '').trim().length;
					if (block && (block.textContent ?? '').trim().length > own) continue;
				}
				if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
					const label = el.closest('label');
					if (label) box = label.getBoundingClientRect();
				}
				if (box.width + 0.5 < min || box.height + 0.5 < min) {
					const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40);
					const id = el.id ? `#${el.id}` : '';
					out.push(
						`${el.tagName.toLowerCase()}${id} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`
					);
				}
			}
			return out;
		},
		[CONTROLS, MIN_TARGET] as const
	);
	for (const s of small) findings.add(screen, `tap target < ${MIN_TARGET}px: ${s}`);
}

async function fontSize(page: Page, screen: string, findings: Findings): Promise<void> {
	const px = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
	if (px < MIN_FONT_PX) findings.add(screen, `body font-size ${px}px < ${MIN_FONT_PX}px`);
}

/**
 * Keyboard focus is visible on every control: a real Tab first (so the browser is in keyboard
 * mode and programmatic focus matches :focus-visible, as it does after a Tab), then each visible
 * control is focused in turn. The ring (outline or box-shadow) must exist, and an outline must
 * stand out at 3:1 from what is behind it (WCAG 1.4.11): the nearest ancestor's background.
 */
async function focusRing(page: Page, screen: string, findings: Findings): Promise<void> {
	await page.locator('body').focus();
	await page.keyboard.press('Tab');
	const problems = await page.evaluate((selector) => {
		const out = new Set<string>();
		const rgb = (color: string): [number, number, number, number] | null => {
			const m = color.match(/rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/);
			return m ? [+m[1]!, +m[2]!, +m[3]!, m[4] === undefined ? 1 : +m[4]] : null;
		};
		const luminance = ([r, g, b]: number[]) => {
			const lin = (c: number) => {
				const v = c / 255;
				return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
			};
			return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
		};
		const backdrop = (el: Element) => {
			for (let at = el.parentElement; at; at = at.parentElement) {
				const bg = rgb(getComputedStyle(at).backgroundColor);
				if (bg && bg[3] > 0.5) return bg;
			}
			return [255, 255, 255, 1];
		};
		const check = (el: HTMLElement) => {
			const what = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
			if (document.activeElement !== el) return;
			if (!el.matches(':focus-visible')) return out.add(`${what} focused but not :focus-visible`);
			const style = getComputedStyle(el);
			const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
			if (!outline && style.boxShadow === 'none')
				return out.add(`${what} has no outline or box-shadow when focused`);
			const color = rgb(style.outlineColor);
			if (outline && color) {
				const [a, b] = [luminance(color), luminance(backdrop(el))];
				const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
				if (ratio < 3) out.add(`${what} focus outline contrast ${ratio.toFixed(2)}:1 < 3:1`);
			}
		};
		const first = document.activeElement as HTMLElement | null;
		if (!first || first === document.body) out.add('Tab focuses nothing');
		else check(first);
		for (const el of document.querySelectorAll<HTMLElement>(selector)) {
			if (el.closest('[hidden], [inert], dialog:not([open])') || el.matches(':disabled')) continue;
			const box = el.getBoundingClientRect();
			if (box.width === 0 && box.height === 0) continue;
			el.focus({ preventScroll: true });
			check(el);
		}
		(document.activeElement as HTMLElement | null)?.blur();
		return [...out];
	}, CONTROLS);
	for (const problem of problems) findings.add(screen, `focus: ${problem}`);
}

/** Booking, engagement and sync states carry words beside their icon, never colour alone. */
async function statesInWords(page: Page, screen: string, findings: Findings): Promise<void> {
	const bare = await page.evaluate(() => {
		const out: string[] = [];
		const selector =
			'[data-testid=booking-status], [data-testid=engagement-status], [data-testid=sync-status]';
		for (const el of document.querySelectorAll<HTMLElement>(selector)) {
			const icon = el.querySelector('[aria-hidden=true]')?.textContent?.trim() ?? '';
			const words = (el.textContent ?? '').replace(icon, '').trim();
			if (!icon || !/\p{L}{3}/u.test(words))
				out.push(`${el.dataset.testid} "${(el.textContent ?? '').trim()}" lacks an icon or words`);
		}
		return out;
	});
	for (const problem of bare) findings.add(screen, `state: ${problem}`);
}

export async function audit(page: Page, screen: string, findings: Findings): Promise<void> {
	const t0 = Date.now();
	await axe(page, screen, findings);
	const t1 = Date.now();
	await targets(page, screen, findings);
	await fontSize(page, screen, findings);
	await focusRing(page, screen, findings);
	await statesInWords(page, screen, findings);
	// A11Y_TIMING=1 prints where the time goes: the spec runs in `npm test` and must stay quick.
	if (process.env.A11Y_TIMING)
		console.log(`${screen}: axe ${t1 - t0} ms, rest ${Date.now() - t1} ms`);
}

/** The board's content is loaded and synced: no transient "opening…" state gets scanned. */
export async function synced(page: Page): Promise<void> {
	const status = page.getByTestId('sync-status').first();
	await expect(status).toHaveAttribute('data-link', 'connected');
	await expect(status).toHaveAttribute('data-pending', '0');
}

export interface Screen {
	name: string;
	phone: 'host' | 'guest';
	path: string;
	/** Waits for the content that makes the screen realistic. */
	ready: (page: Page) => Promise<void>;
	/** A second state of the same screen, scanned too: an open dialog, a form showing its errors. */
	then?: { name: string; act: (page: Page) => Promise<void> };
}

export const heading = (page: Page): Locator => page.locator('main h1').first();
