/**
 * Issue 16 on three phones: Amélie (A) lists "Entraide Bonnevoie" in Luxembourg with a question,
 * offers help at "15 € de l'heure" and opens a seat; Chloé (C), with no invite and no identity,
 * finds it in Découvrir by typing "luxemb" and asks to join; Denis (D) asks too. A, offline,
 * accepts C and declines D; A reconnects; C lands in the board and reads its posts; D reads the
 * reason, and nothing of the board's posts is in D's page or storage. The directory screens are
 * checked in English and scanned for accessibility (axe, targets, focus) along the way.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { DirectorySummary } from '../../src/lib/domain/directory/summary';
import { audit, Findings } from './a11y-audit';
import { expectUpToDate, newPhone, onboard, type Phone } from './phone';

const BOARD = 'Entraide Bonnevoie';
const OFFER = 'Aide informatique';
/** A post of the board that is not in the directory: members read it, nobody else ever. */
const MEMBERS_ONLY = 'Soupe partagée du jeudi';
const QUESTION = 'Pourquoi voulez-vous nous rejoindre ?';
const DECLINE_REASON = 'Réservé aux habitants de Bonnevoie.';

/** Everything this phone's IndexedDB holds, as text (keys and blobs are opaque either way). */
async function storageText(page: Page): Promise<{ names: string[]; text: string }> {
	return page.evaluate(async () => {
		const names: string[] = [];
		const parts: string[] = [];
		for (const info of await indexedDB.databases()) {
			if (!info.name) continue;
			names.push(info.name);
			const db = await new Promise<IDBDatabase>((ok, ko) => {
				const r = indexedDB.open(info.name!);
				r.onsuccess = () => ok(r.result);
				r.onerror = () => ko(r.error);
			});
			for (const store of Array.from(db.objectStoreNames)) {
				const values = await new Promise<unknown[]>((ok, ko) => {
					const r = db.transaction(store).objectStore(store).getAll();
					r.onsuccess = () => ok(r.result as unknown[]);
					r.onerror = () => ko(r.error);
				});
				// Yjs updates are bytes: decode them so a post title inside one is found too.
				parts.push(
					JSON.stringify(values, (_k, v: unknown) =>
						v instanceof Uint8Array ? new TextDecoder().decode(v) : v
					)
				);
			}
			db.close();
		}
		return { names, text: parts.join('\n') };
	});
}

async function askToJoin(page: Page, answer: string) {
	await page.getByLabel(QUESTION).fill(answer);
	await page.getByRole('button', { name: 'Demander à rejoindre' }).click();
	await expect(page.getByRole('heading', { name: 'Mes demandes pour rejoindre' })).toBeVisible();
	await expect(page.getByTestId('my-request')).toHaveAttribute('data-status', 'pending');
	await expect(page.getByTestId('my-request')).toContainText('En attente de réponse');
}

/**
 * Waits until the relay's index lists the board as it is now (its offer and its slot): it indexes
 * a board about a second after its last change, after the gazetteer placed it, and the page
 * searches once when the typing stops. A stranger who searched in between would rightly find
 * nothing, and the test would wait for a search nobody makes.
 */
async function waitUntilIndexed(request: APIRequestContext) {
	await expect
		.poll(
			async () => {
				const answer = await request.get('/api/directory?q=luxemb');
				const { boards } = (await answer.json()) as { boards: DirectorySummary[] };
				const entry = boards.find((e) => e.name === BOARD);
				return (
					entry !== undefined &&
					entry.posts.some((p) => p.title === OFFER) &&
					entry.spaces.some((s) => s.slots.length > 0)
				);
			},
			{ timeout: 20_000 }
		)
		.toBe(true);
}

async function findBoard(page: Page, query: string) {
	await page.getByLabel('Ville ou quartier', { exact: true }).fill(query);
	const card = page.getByTestId('directory-result').filter({ hasText: BOARD });
	await expect(card).toBeVisible();
	return card;
}

test('a stranger finds a listed board, asks to join, and is let in by an admin who was offline', async ({
	browser,
	request
}) => {
	test.setTimeout(240_000);
	const findings = new Findings();
	const phones: Phone[] = [];
	const a = await newPhone(browser);
	phones.push(a);

	// A: the board, listed with a question.
	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	await a.page.getByRole('link', { name: 'Créer un tableau' }).click();
	await a.page.getByLabel('Nom du tableau').fill(BOARD);
	await a.page.getByLabel('Ville').fill('Luxembourg');
	await a.page.getByLabel('Quartier').fill('Bonnevoie');
	await a.page.getByRole('button', { name: 'Créer le tableau' }).click();
	await a.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expect(a.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await a.page.getByRole('link', { name: 'Modération' }).click();
	const form = a.page.getByTestId('visibility-form');
	await form.getByRole('radio', { name: 'Dans l’annuaire, sur demande' }).check();
	await form.getByLabel('Question 1').fill(QUESTION);
	await form.getByRole('button', { name: 'Enregistrer la visibilité' }).click();
	await expect(form.getByText('Visibilité enregistrée.')).toBeVisible();
	await a.page.getByRole('link', { name: BOARD }).first().click();

	// A: an offer at 15 € an hour, in the directory; a post for members only.
	await a.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	// The board page has a "Catégorie" filter too: wait for the form before choosing one.
	await expect(a.page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await a.page.getByLabel('Catégorie').selectOption('computing');
	await a.page.getByLabel('Titre').fill(OFFER);
	await a.page.getByRole('radio', { name: 'Tarif horaire (€)' }).check();
	await a.page.getByLabel('Montant en euros').fill('15');
	await a.page.getByRole('checkbox', { name: 'Visible dans l’annuaire' }).check();
	await a.page.getByRole('button', { name: 'Publier' }).click();
	await expect(a.page.getByTestId('post').filter({ hasText: OFFER })).toBeVisible();
	await a.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	// The board page has a "Catégorie" filter too: wait for the form before choosing one.
	await expect(a.page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await a.page.getByLabel('Catégorie').selectOption('cooking');
	await a.page.getByLabel('Titre').fill(MEMBERS_ONLY);
	await a.page.getByRole('button', { name: 'Publier' }).click();
	await expect(a.page.getByTestId('post').filter({ hasText: MEMBERS_ONLY })).toBeVisible();

	// A: a listed space in Bonnevoie with a slot of 2 seats, three days from now.
	await a.page.getByRole('link', { name: 'Cowork de ce tableau' }).click();
	await a.page.getByRole('link', { name: 'Proposer mon espace' }).click();
	await a.page.getByLabel('Titre').fill('Bureau au calme');
	await a.page.getByLabel('Ville').fill('Luxembourg');
	await a.page.getByLabel('Quartier').fill('Bonnevoie');
	await a.page.getByLabel('Places', { exact: true }).fill('3');
	await a.page.getByLabel('Adresse exacte').fill('12 rue de Bonnevoie');
	await a.page.getByRole('checkbox', { name: 'Visible dans l’annuaire' }).check();
	await a.page.getByRole('button', { name: 'Publier l’espace' }).click();
	await expect(a.page.getByRole('heading', { name: 'Bureau au calme', level: 1 })).toBeVisible();
	const date = await a.page.evaluate(() => {
		const d = new Date(Date.now() + 3 * 86_400_000);
		return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
	});
	await a.page.getByLabel('Date', { exact: true }).fill(date);
	await a.page.getByRole('button', { name: 'Matin 9 h–13 h' }).click();
	await a.page.getByLabel('Places', { exact: true }).fill('2');
	await a.page.getByRole('button', { name: 'Ouvrir le créneau' }).click();
	await expect(a.page.getByTestId('slot')).toHaveCount(1);
	await expectUpToDate(a.page);
	await waitUntilIndexed(request);

	// C: no identity, no invite. Découvrir is open to anyone.
	const c = await newPhone(browser);
	phones.push(c);
	await c.page.goto('/discover');
	await expect(
		c.page.getByRole('heading', { name: 'Découvrir les tableaux de la ville' })
	).toBeVisible();
	const card = await findBoard(c.page, 'luxemb');
	await expect(card).toContainText('Luxembourg · Bonnevoie');
	await expect(card.getByTestId('directory-post').filter({ hasText: OFFER })).toContainText(
		/15\s€ de l’heure/
	);
	await expect(card.getByTestId('directory-slot')).toContainText('2 places libres');
	await expect(card).not.toContainText(MEMBERS_ONLY);
	await audit(c.page, 'fr /discover (results)', findings);

	// Offline, the last results stay, with their age.
	await c.context.setOffline(true);
	await expect(c.page.getByTestId('discover-cached')).toHaveText(
		/Résultats d’il y a \d+\smin, hors ligne/
	);
	await expect(card.getByTestId('directory-post').filter({ hasText: OFFER })).toBeVisible();
	// The audit's Tab starts where focus last was: the previous scan left it past the last control.
	await c.page.getByLabel('Ville ou quartier', { exact: true }).focus();
	await audit(c.page, 'fr /discover (offline copy)', findings);
	await c.context.setOffline(false);
	await expect(c.page.getByTestId('discover-cached')).toHaveCount(0);

	// Its public page; asking needs a name first, then C comes back here.
	await card.getByRole('link', { name: BOARD }).click();
	await expect(c.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await expect(c.page.getByTestId('directory-space')).toContainText('Quartier : Bonnevoie');
	await audit(c.page, 'fr /discover/<board> (no identity)', findings);
	await c.page.getByRole('button', { name: 'Choisir mon nom' }).click();
	await onboard(c.page, 'Chloé');
	await expect(c.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	// An empty answer is refused in words, on the field.
	await c.page.getByRole('button', { name: 'Demander à rejoindre' }).click();
	await expect(c.page.getByText('Merci de répondre à cette question.')).toBeVisible();
	await expect(c.page.getByLabel(QUESTION)).toBeFocused();
	await audit(c.page, 'fr /discover/<board> (form error)', findings);
	await askToJoin(c.page, 'J’habite rue de Bonnevoie et je répare les vélos.');
	await audit(c.page, 'fr /requests (pending)', findings);

	// D: has a name, asks too.
	const d = await newPhone(browser);
	phones.push(d);
	await d.page.goto('/');
	await onboard(d.page, 'Denis');
	await d.page
		.getByRole('navigation', { name: 'Principal' })
		.getByRole('link', { name: 'Chercher' })
		.click();
	await d.page.getByRole('link', { name: 'Découvrir', exact: true }).click();
	await (await findBoard(d.page, 'Luxemb')).getByRole('link', { name: BOARD }).click();
	await askToJoin(d.page, 'Je cherche un bureau.');

	// A sees the two requests, goes offline, and decides anyway.
	await a.page.goto('/');
	await a.page.getByRole('link', { name: BOARD }).click();
	await expect(a.page.getByTestId('join-requests-link')).toHaveText('Demandes (2)');
	await a.page.getByTestId('join-requests-link').click();
	await expect(a.page.getByTestId('pending-requests-count')).toHaveText('2 demandes en attente');
	await audit(a.page, 'fr /b/<board>/requests', findings);
	await a.context.setOffline(true);
	const fromC = a.page.getByTestId('join-request').filter({ hasText: 'Chloé' });
	await expect(fromC).toContainText('J’habite rue de Bonnevoie');
	await expect(fromC).toContainText(QUESTION);
	await fromC.getByRole('button', { name: 'Accepter' }).click();
	const fromD = a.page.getByTestId('join-request').filter({ hasText: 'Denis' });
	await fromD.getByLabel('Message à Denis (facultatif)').fill(DECLINE_REASON);
	await fromD.getByRole('button', { name: 'Refuser' }).click();
	await expect(a.page.getByTestId('not-sent')).toHaveCount(2);
	await expect(a.page.getByTestId('not-sent').first()).toHaveText(
		'Décision prise, pas encore envoyée'
	);
	await expect(a.page.getByTestId('pending-requests-count')).toHaveText('0 demande en attente');

	// While A is offline nothing reached the relay: C is still waiting.
	await c.page.getByRole('button', { name: 'Vérifier maintenant' }).click();
	await expect(c.page.getByTestId('my-request')).toHaveAttribute('data-status', 'pending');

	// A reconnects: the decisions go out by themselves.
	await a.context.setOffline(false);
	await expect(a.page.getByTestId('not-sent')).toHaveCount(0, { timeout: 20_000 });
	await expect(a.page.getByTestId('join-request-status').first()).toBeVisible();

	// C: the next poll opens the invite sealed to C's device and lands in the board.
	await expect(c.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible({
		timeout: 45_000
	});
	await expect(c.page.getByTestId('post').filter({ hasText: OFFER })).toBeVisible();
	await expect(c.page.getByTestId('post').filter({ hasText: MEMBERS_ONLY })).toBeVisible();

	// D: declined, with the reason; nothing of the board's posts anywhere on D's phone.
	// D's poll (every 30 s while pending) may already have read it: no button to press then.
	await expect(d.page.getByTestId('my-request')).toHaveAttribute('data-status', 'declined', {
		timeout: 45_000
	});
	await expect(d.page.getByTestId('my-request')).toContainText('Refusée');
	await expect(d.page.getByTestId('my-request-message')).toContainText(DECLINE_REASON);
	await audit(d.page, 'fr /requests (declined)', findings);
	await expect(d.page.locator('body')).not.toContainText(OFFER);
	await expect(d.page.locator('body')).not.toContainText(MEMBERS_ONLY);
	const boardId = new URL(c.page.url()).pathname.split('/')[2]!;
	const stored = await storageText(d.page);
	expect(stored.text).not.toContain(OFFER);
	expect(stored.text).not.toContain(MEMBERS_ONLY);
	expect(stored.names.some((name) => name.includes(boardId))).toBe(false);
	await d.page.goto('/');
	await expect(d.page.getByRole('link', { name: BOARD })).toHaveCount(0);

	// The directory in English: the same board, its terms and seats in English words.
	const en = await browser.newContext({ locale: 'en-US' });
	const enPage = await en.newPage();
	await enPage.goto('/discover');
	await expect(enPage.getByRole('heading', { name: 'Discover boards in your town' })).toBeVisible();
	await enPage.getByLabel('Town or neighbourhood', { exact: true }).fill('luxemb');
	const enCard = enPage.getByTestId('directory-result').filter({ hasText: BOARD });
	await expect(enCard).toBeVisible();
	await expect(enCard).toContainText('2 members');
	await expect(enCard.getByTestId('directory-slot')).toContainText('2 free seats');
	await audit(enPage, 'en /discover (results)', findings);
	await enCard.getByRole('link', { name: BOARD }).click();
	await expect(enPage.getByRole('heading', { name: 'Ask to join' })).toBeVisible();
	await audit(enPage, 'en /discover/<board>', findings);
	await en.close();

	for (const phone of phones) await phone.context.close();
	findings.report();
});
