/** Drives the week view of a slot page ("Semaine / Liste", components/calendar/). */
import { expect, type Page } from '@playwright/test';

const switchButton = (page: Page, index: number) =>
	page.getByTestId('view-switch').getByRole('button').nth(index);

/** Switches to the week, goes to the week of the (only) slot, and taps it when it opens a detail. */
export async function showWeek(page: Page, opens: boolean): Promise<void> {
	await switchButton(page, 0).click();
	await expect(page.getByTestId('week-calendar')).toBeVisible();
	if ((await page.getByTestId('week-slot').count()) === 0) {
		await page.getByTestId('week-next').click();
	}
	await expect(page.getByTestId('week-slot')).toHaveCount(1);
	if (opens) {
		await page.getByTestId('week-slot').click();
		await expect(page.getByTestId('week-detail').locator('article').first()).toBeVisible();
	}
}

/** Back to the list: the choice is remembered, and the other screens expect the list. */
export async function showList(page: Page): Promise<void> {
	await switchButton(page, 1).click();
	await expect(page.getByTestId('week-calendar')).toHaveCount(0);
}
