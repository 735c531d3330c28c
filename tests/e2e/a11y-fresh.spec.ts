/**
 * Accessible to everyone (issue 7), on a fresh phone: the device-link, welcome, empty home and
 * broken-invite screens, whose language comes from the browser (fr-FR, then en-US). The screens
 * with content are in a11y.spec.ts; the checks themselves in a11y-audit.ts.
 */
import { expect, test } from '@playwright/test';
import { audit, Findings } from './a11y-audit';

test('a fresh phone: welcome and the empty home, in French and in English', async ({ browser }) => {
	const findings = new Findings();
	for (const [locale, lang, name] of [
		['fr-FR', 'fr', 'Amélie'],
		['en-US', 'en', 'Boris']
	] as const) {
		const context = await browser.newContext({ locale });
		const page = await context.newPage();
		// Linking this new device to an identity on another one: its code as QR and text.
		await page.goto('/link');
		await expect(page.getByTestId('link-request-code')).not.toHaveValue('');
		await audit(page, `${lang} /link`, findings);
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', lang);
		await expect(page.locator('#name, input').first()).toBeVisible();
		await audit(page, `${lang} /welcome`, findings);
		// The form with its error shown: the message is tied to the field.
		await page.locator('main form button[type=submit]').click();
		await expect(page.locator('main [aria-invalid=true]').first()).toBeVisible();
		await audit(page, `${lang} /welcome (error)`, findings);
		await page.locator('main input').first().fill(name);
		await page.locator('main form button[type=submit]').click();
		await expect(page.locator('main .empty')).toBeVisible();
		await audit(page, `${lang} / (no board)`, findings);
		await page.goto('/join');
		await expect(page.locator('main [role=alert]')).toBeVisible();
		await audit(page, `${lang} /join (broken link)`, findings);
		await context.close();
	}
	findings.report();
});
