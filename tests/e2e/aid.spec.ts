/**
 * Mutual aid on two phones (issue 4): Amélie (board creator, so admin) offers computer help with
 * her phone number in the private contact; Bruno asks for it; Amélie accepts offline and reloads
 * with no network; Bruno sees her number only once the acceptance reaches him; both mark the help
 * done and rate each other; each profile shows the other's rating on the other phone; Amélie hides
 * Bruno's rating and both phones reflect it.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
	expectUpToDate,
	newPhone,
	onboard,
	syncStatus,
	waitForServiceWorker,
	type Phone
} from './phone';

const BOARD = 'Rue des Lilas';
const OFFER = 'Aide informatique';
const PHONE = '06 12 34 56 78';
const ADDRESS = '12 impasse des Tilleuls';
/** Fragments of the private contact that appear in nothing public. */
const SECRETS = ['12 34 56', 'impasse des Tilleuls'];
const HIDE_REASON = 'Propos hors sujet';

/** The page's rendered text and its whole DOM hold none of the private contact. */
async function expectNoSecrets(page: Page): Promise<void> {
	const visible = await page.locator('body').innerText();
	const html = await page.content();
	for (const secret of SECRETS) {
		expect(visible, `"${secret}" in the rendered text of ${page.url()}`).not.toContain(secret);
		expect(html, `"${secret}" in the DOM of ${page.url()}`).not.toContain(secret);
	}
}

function engagement(phone: Phone) {
	return phone.page.getByTestId('engagement');
}

async function expectStatus(phone: Phone, status: string, label: string): Promise<void> {
	const shown = engagement(phone).getByTestId('engagement-status');
	await expect(shown).toHaveAttribute('data-status', status);
	await expect(shown).toContainText(label);
}

async function rate(
	phone: Phone,
	name: string,
	stars: number,
	comment: string,
	note = '',
	how: 'tap' | 'keyboard' = 'tap'
) {
	const form = phone.page.getByTestId('my-rating');
	await expect(form.getByRole('heading', { name: `Noter ${name}` })).toBeVisible();
	const group = form.getByRole('group', { name: 'Note' });
	if (how === 'tap') await group.getByLabel(`${stars} étoiles`).check();
	else await rateWithKeys(phone, group, stars);
	await form.getByLabel('Commentaire').fill(comment);
	if (note) await form.getByLabel('Note privée aux admins (facultatif)').fill(note);
	await form.getByRole('button', { name: 'Enregistrer la note' }).click();
	// The form is gone and focus lands on what was saved.
	await expect(form.getByRole('heading', { name: `Votre note pour ${name}` })).toBeFocused();
	await expect(form).toContainText(`${stars} étoiles sur 5`);
	await expect(form).toContainText('Modifiable jusqu’au');
}

/**
 * The stars as one radio group: End goes to 5, the left arrow steps down and stops at 1 (no wrap
 * back to 5), each star says "n étoiles sur 5", and Tab leaves the group in one stop.
 */
async function rateWithKeys(phone: Phone, group: Locator, stars: number) {
	const star = (n: number) =>
		group.getByRole('radio', { name: new RegExp(`^${n} étoiles? sur 5$`) });
	await expect(group.getByRole('radio')).toHaveCount(5);
	await star(1).focus();
	await phone.page.keyboard.press('End');
	await expect(star(5)).toBeChecked();
	for (let i = 0; i < 6; i++) await phone.page.keyboard.press('ArrowLeft');
	await expect(star(1)).toBeChecked();
	await expect(star(1)).toBeFocused();
	for (let n = 1; n < stars; n++) await phone.page.keyboard.press('ArrowRight');
	await expect(star(stars)).toBeChecked();
	await expect(star(stars)).toBeFocused();
	await expect(group.getByRole('radio', { checked: true })).toHaveCount(1);
	await phone.page.keyboard.press('Tab');
	await expect(group.getByRole('radio').and(phone.page.locator(':focus'))).toHaveCount(0);
}

test('help asked, accepted offline, done and rated both ways; an admin hides a rating', async ({
	browser
}) => {
	const a = await newPhone(browser);
	const b = await newPhone(browser);

	// Amélie creates the board and offers help, with her phone and address kept private.
	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	await a.page.getByRole('link', { name: 'Créer un tableau' }).click();
	await a.page.getByLabel('Nom du tableau').fill(BOARD);
	await a.page.getByLabel('Ville').fill('Luxembourg');
	await a.page.getByRole('button', { name: 'Créer le tableau' }).click();
	const link = await a.page.getByTestId('invite-link').inputValue();
	await a.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await expect(a.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await waitForServiceWorker(a.page);
	await a.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	// The board page has a "Catégorie" filter too: wait for the form before choosing one.
	await expect(a.page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await a.page.getByLabel('Catégorie').selectOption('computing');
	await a.page.getByLabel('Titre').fill(OFFER);
	await a.page.getByLabel('Description').fill('Imprimantes, antivirus, sauvegardes.');
	await expect(
		a.page.getByRole('group', {
			name: 'Coordonnées (visibles seulement par la personne dont vous acceptez la demande)'
		})
	).toBeVisible();
	// A number nobody could dial is refused in plain French, and focus goes to it.
	await a.page.getByLabel('Téléphone').fill('le soir');
	await a.page.getByRole('button', { name: 'Publier' }).click();
	await expect(a.page.getByText('Ce numéro de téléphone semble incomplet')).toBeVisible();
	await expect(a.page.getByLabel('Téléphone')).toBeFocused();
	await a.page.getByLabel('Téléphone').fill(PHONE);
	await a.page.getByLabel('Adresse').fill(ADDRESS);
	await a.page.getByRole('button', { name: 'Publier' }).click();
	await expect(a.page.getByRole('heading', { name: OFFER })).toBeVisible();
	await expectUpToDate(a.page);
	await expectNoSecrets(a.page);
	// Her edit form opens her sealed copy of the details; saving unchanged keeps them.
	await a.page.getByRole('link', { name: `Modifier « ${OFFER} »` }).click();
	await expect(a.page.getByLabel('Téléphone')).toHaveValue(PHONE);
	await expect(a.page.getByLabel('Adresse')).toHaveValue(ADDRESS);
	await a.page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(a.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();

	// Bruno joins from the invite link and asks for the help; he sees no contact details.
	await b.page.goto(link);
	await onboard(b.page, 'Bruno');
	await expect(b.page.getByRole('heading', { name: BOARD, level: 1 })).toBeVisible();
	await b.page.getByRole('link', { name: OFFER }).click();
	await expect(b.page.getByRole('heading', { name: OFFER, level: 1 })).toBeVisible();
	await b.page.getByLabel('Message').fill('Mon imprimante ne marche plus.');
	await b.page.getByLabel('Dates souhaitées').fill('samedi matin');
	await b.page.getByRole('button', { name: 'Demander cette aide' }).click();
	await expectStatus(b, 'proposed', 'Proposée');
	await expect(engagement(b)).toContainText('En attente de la réponse d’Amélie');
	// Asking twice is not offered while the first request is open.
	await expect(b.page.getByRole('button', { name: 'Demander cette aide' })).toHaveCount(0);
	await expect(b.page.getByRole('button', { name: 'Voir les coordonnées' })).toHaveCount(0);
	await expectUpToDate(b.page);
	await expectNoSecrets(b.page);

	// Amélie finds the request waiting for her, then loses the network and accepts it.
	const waiting = a.page.getByTestId('my-engagement');
	await expect(waiting).toContainText('À vous de répondre');
	await waiting.getByRole('link', { name: OFFER }).click();
	await expect(engagement(a)).toContainText('Mon imprimante ne marche plus.');
	await expect(engagement(a)).toContainText('samedi matin');
	await a.context.setOffline(true);
	await expect(a.page.getByTestId('offline-banner')).toBeVisible();
	await a.page.getByRole('button', { name: 'Accepter la demande de Bruno' }).click();
	await expectStatus(a, 'accepted', 'Acceptée');
	// The button is gone: focus moves to the new status rather than the top of the page.
	await expect(a.page.locator(':focus')).toContainText('Acceptée');
	await expect(engagement(a)).toContainText('Vos coordonnées ont été transmises à Bruno');
	await expect(syncStatus(a.page)).toHaveText(/seulement sur cet appareil/);
	// An offline reload: the page comes from the service worker, the acceptance from IndexedDB.
	await a.page.reload();
	await expectStatus(a, 'accepted', 'Acceptée');
	await expect(syncStatus(a.page)).toHaveText(/seulement sur cet appareil/);

	// Bruno cannot know yet: still proposed, and his page holds no trace of the number.
	await expectStatus(b, 'proposed', 'Proposée');
	await b.page.reload();
	await expectStatus(b, 'proposed', 'Proposée');
	await expectNoSecrets(b.page);

	// Amélie is back online: Bruno sees the acceptance, and the number once he opens it.
	await a.context.setOffline(false);
	await expectUpToDate(a.page);
	await expectStatus(b, 'accepted', 'Acceptée');
	await expectNoSecrets(b.page);
	await b.page.getByRole('button', { name: 'Voir les coordonnées' }).click();
	const contact = b.page.getByTestId('contact-details');
	await expect(contact).toContainText(PHONE);
	await expect(contact).toContainText(ADDRESS);
	await expect(contact.getByRole('link', { name: PHONE })).toHaveAttribute(
		'href',
		'tel:0612345678'
	);

	// A message each way, oldest first, visible to the two of them.
	await b.page.getByLabel('Votre message à Amélie', { exact: true }).fill('Merci ! Samedi 10 h ?');
	await b.page.getByRole('button', { name: 'Envoyer à Amélie', exact: true }).click();
	await expect(b.page.getByTestId('engagement-comment')).toHaveCount(1);
	await expect(a.page.getByTestId('engagement-comment')).toContainText('Merci ! Samedi 10 h ?');
	await a.page.getByLabel('Votre message à Bruno', { exact: true }).fill('Parfait, à samedi.');
	await a.page.getByRole('button', { name: 'Envoyer à Bruno', exact: true }).click();
	await expect(b.page.getByTestId('engagement-comment')).toHaveText([
		/Vous.*Merci ! Samedi 10 h \?/s,
		/Amélie.*Parfait, à samedi\./s
	]);

	// The help happened: Bruno marks it done, Amélie confirms.
	await b.page.getByRole('button', { name: 'Marquer comme réalisée' }).click();
	await expectStatus(b, 'done', 'Réalisée');
	await expectStatus(a, 'done', 'Bruno l’a marquée comme réalisée');
	await a.page.getByRole('button', { name: 'Marquer comme réalisée' }).click();
	await expectStatus(a, 'done', 'Confirmée par vous deux');
	await expectStatus(b, 'done', 'Confirmée par vous deux');
	// Asking again is offered once this exchange is over, behind a button rather than a form.
	await expect(b.page.getByRole('button', { name: 'Demander à nouveau cette aide' })).toBeVisible();
	await expect(b.page.getByRole('button', { name: 'Demander cette aide' })).toHaveCount(0);

	// Both rate.
	await rate(b, 'Amélie', 5, 'Très patiente, tout marche.');
	await rate(a, 'Bruno', 4, 'Café offert, merci !', 'Arrivé en avance', 'keyboard');
	await expectUpToDate(a.page);
	await expectUpToDate(b.page);

	// Amélie's profile on Bruno's phone shows his rating, with who wrote it and about what.
	await b.page.getByRole('link', { name: 'Amélie' }).first().click();
	await expect(b.page.getByRole('heading', { name: 'Amélie', level: 1 })).toBeVisible();
	await expect(b.page.getByTestId('reputation')).toHaveText('Note moyenne : 5 / 5 (1 avis)');
	await expect(b.page.getByText('5 étoiles : 1')).toBeVisible();
	const onAmelie = b.page.getByRole('article', { name: 'Avis de Bruno' });
	await expect(onAmelie).toContainText('Très patiente, tout marche.');
	await expect(onAmelie).toContainText(OFFER);

	// Bruno's profile on Amélie's phone shows her rating.
	await a.page.getByRole('link', { name: 'Bruno' }).first().click();
	await expect(a.page.getByRole('heading', { name: 'Bruno', level: 1 })).toBeVisible();
	await expect(a.page.getByTestId('reputation')).toHaveText('Note moyenne : 4 / 5 (1 avis)');
	await expect(a.page.getByText('4 étoiles : 1')).toBeVisible();
	await expect(a.page.getByRole('article', { name: /Avis d.+Amélie/ })).toContainText(
		'Café offert, merci !'
	);

	// Amélie, admin, hides Bruno's rating of her, with a reason.
	await a.page.goto(b.page.url());
	await expect(a.page.getByRole('heading', { name: 'Amélie (moi)', level: 1 })).toBeVisible();
	const bruno = a.page.getByRole('article', { name: 'Avis de Bruno' });
	await bruno.getByRole('button', { name: 'Masquer cette note' }).click();
	await bruno.getByLabel('Motif du masquage').fill(HIDE_REASON);
	await bruno.getByRole('button', { name: 'Masquer cette note' }).click();
	await expect(a.page.getByTestId('reputation')).toHaveText('Pas encore d’avis');

	// Bruno's phone: gone from Amélie's reputation; on his side, his rating shows why it is hidden.
	await expect(b.page.getByTestId('reputation')).toHaveText('Pas encore d’avis');
	await b.page.goBack();
	await expect(b.page.getByTestId('rating-hidden')).toContainText(
		`Masquée par un admin : ${HIDE_REASON}`
	);
	await expect(b.page.getByTestId('my-rating')).toContainText('5 étoiles sur 5');

	await a.context.close();
	await b.context.close();
});

test('every engagement state is named with who and why: declined, withdrawn, cancelled, disputed, closed', async ({
	browser
}) => {
	const a = await newPhone(browser);
	const b = await newPhone(browser);
	await a.page.goto('/');
	await onboard(a.page, 'Amélie');
	await a.page.getByRole('link', { name: 'Créer un tableau' }).click();
	await a.page.getByLabel('Nom du tableau').fill(BOARD);
	await a.page.getByLabel('Ville').fill('Luxembourg');
	await a.page.getByRole('button', { name: 'Créer le tableau' }).click();
	const link = await a.page.getByTestId('invite-link').inputValue();
	await a.page.getByRole('link', { name: 'Aller au tableau' }).click();
	await a.page.getByRole('link', { name: 'Nouvelle annonce' }).click();
	// The board page has a "Catégorie" filter too: wait for the form before choosing one.
	await expect(a.page.getByRole('heading', { level: 1, name: 'Nouvelle annonce' })).toBeVisible();
	await a.page.getByLabel('Je cherche').check();
	await a.page.getByLabel('Titre').fill('Monter une étagère');
	await a.page.getByRole('button', { name: 'Publier' }).click();
	await a.page.getByRole('link', { name: 'Monter une étagère', exact: true }).click();
	// On her own post, Amélie is not offered to help herself.
	await expect(
		a.page.getByRole('heading', { name: 'Propositions d’aide reçues (0)' })
	).toBeVisible();
	await expect(a.page.getByRole('button', { name: 'Proposer mon aide' })).toHaveCount(0);

	await b.page.goto(link);
	await onboard(b.page, 'Bruno');
	await b.page.getByRole('link', { name: 'Monter une étagère', exact: true }).click();
	const offer = async () => {
		await b.page.getByRole('button', { name: 'Proposer mon aide' }).click();
		await expect(engagement(b).first()).toHaveAttribute('data-status', 'proposed');
	};

	// Declined, with a reason Bruno reads.
	await offer();
	await a.page.getByRole('button', { name: 'Refuser l’aide de Bruno' }).click();
	await a.page.getByLabel('Motif du refus (facultatif)').fill('Mon fils passe demain');
	await a.page.getByRole('button', { name: 'Refuser l’aide de Bruno' }).click();
	await expect(engagement(b).first().getByTestId('engagement-status')).toContainText(
		'Refusée Par Amélie : « Mon fils passe demain »'
	);

	// Offered again, withdrawn by Bruno before any answer.
	await b.page.getByRole('button', { name: 'Proposer à nouveau mon aide' }).click();
	await expect(b.page.getByRole('textbox', { name: /^Message/ })).toBeFocused();
	await b.page.getByRole('button', { name: 'Proposer mon aide' }).click();
	await b.page.getByRole('button', { name: 'Annuler ma proposition' }).click();
	await b.page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
	await expect(b.page.getByText('Merci d’indiquer un motif')).toBeVisible();
	await b.page.getByLabel('Motif de l’annulation').fill('Je me suis trompé de jour');
	await b.page.getByRole('button', { name: 'Confirmer l’annulation' }).click();
	await expect(
		a.page.getByTestId('engagement').filter({ hasText: 'Je me suis trompé de jour' })
	).toContainText('Annulée Par Bruno');

	// Offered a third time, accepted, marked done by Amélie, disputed by Bruno.
	await b.page.getByRole('button', { name: 'Proposer à nouveau mon aide' }).click();
	await b.page.getByRole('button', { name: 'Proposer mon aide' }).click();
	const third = a.page.getByTestId('engagement').first();
	await expect(third).toHaveAttribute('data-status', 'proposed');
	await a.page.getByRole('button', { name: 'Accepter l’aide de Bruno' }).click();
	await expect(third).toContainText('Aucune coordonnée n’a été transmise à Bruno');
	await a.page.getByRole('button', { name: 'Marquer comme réalisée' }).click();
	const mine = engagement(b).first();
	await expect(mine).toHaveAttribute('data-status', 'done');
	await expect(mine).toContainText('Amélie l’a marquée comme réalisée');
	await b.page.getByRole('button', { name: 'Contester' }).click();
	await b.page.getByLabel('Qu’est-ce qui n’a pas eu lieu ?').fill('Personne n’est venu');
	await b.page.getByRole('button', { name: 'Contester' }).click();
	await expect(third).toHaveAttribute('data-status', 'disputed');
	await expect(third.getByTestId('engagement-status')).toContainText(
		'Contestée Bruno conteste qu’elle ait eu lieu : « Personne n’est venu »'
	);
	// A disputed service cannot be rated.
	await expect(third.getByTestId('my-rating')).toHaveCount(0);

	// Amélie closes the post: Bruno is told, and offered nothing more.
	await a.page.getByRole('button', { name: 'Clore « Monter une étagère »' }).click();
	await expect(b.page.getByText('Cette annonce est close')).toBeVisible();
	await expect(b.page.getByRole('button', { name: /Proposer/ })).toHaveCount(0);
	await expectUpToDate(a.page);
	await expectUpToDate(b.page);

	await a.context.close();
	await b.context.close();
});
