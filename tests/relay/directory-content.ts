/**
 * The content of the directory's leak test: a listed board holding everything a board holds, and
 * a private board that was listed once. What must never leave the relay is in PRIVATE and in the
 * `forbidden` list each returns.
 */
import { collection, ROOT, SCHEMA_VERSION } from '../../src/lib/domain/board/schema';
import { setPostContact } from '../../src/lib/domain/help/commands';
import { removeMember, setHidden } from '../../src/lib/domain/trust/moderation';
import { writeRating } from '../../src/lib/domain/trust/ratings';
import type { SyncClient } from './clients';
import type { RelayProcess } from './relay-process';
import {
	acked,
	DAY,
	newTestBoard,
	sealedText,
	writePost,
	writeSpace,
	type TestBoard
} from './directory-fixtures';

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

/** Strings of the content board that must never leave the relay. */
export const PRIVATE = {
	street: '17 rue de Bonnevoie-PRIVATE',
	phone: '+352 691 000 PRIVATE',
	hidden: 'Post caché HIDDEN-POST',
	removed: 'Post du membre exclu REMOVED-POST',
	unlisted: 'Post interne UNLISTED-POST',
	note: 'Note privée aux admins RATING-NOTE',
	comment: 'Commentaire de note RATING-COMMENT',
	report: 'Signalement REPORT-TEXT',
	privateBoard: 'Tableau secret PRIVATE-BOARD',
	privatePost: 'Offre du tableau privé PRIVATE-BOARD-POST'
};

/**
 * A listed board in Luxembourg with everything a board holds: public items and items that must
 * stay inside (sealed address and phone, a hidden post, a removed member's post, an unlisted
 * post, a rating with a sealed note, a report).
 */
export async function contentBoard(relay: RelayProcess) {
	const board = await newTestBoard(relay, {
		name: 'Entraide Bonnevoie',
		city: 'Luxembourg',
		neighbourhood: 'Bonnevoie',
		description: 'Entraide entre voisins.'
	});
	const { admin } = board;
	const member = await board.join();
	const removed = await board.join();
	writePost(admin, {
		kind: 'offer',
		title: 'Réparation de vélos',
		category: 'repairs',
		listed: true,
		price: { kind: 'hourly', cents: 1500 }
	});
	const withPhone = writePost(member, {
		kind: 'request',
		title: 'Aide pour ma déclaration',
		category: 'paperwork',
		listed: true,
		price: { kind: 'free' }
	});
	setPostContact(member.doc, member.member.memberId, withPhone, [
		await sealedText(PRIVATE.phone, 'post-contact')
	]);
	writePost(member, {
		kind: 'offer',
		title: PRIVATE.unlisted,
		category: 'cooking',
		listed: false,
		price: null
	});
	const hidden = writePost(member, {
		kind: 'offer',
		title: PRIVATE.hidden,
		category: 'diy',
		listed: true,
		price: null
	});
	writePost(removed, {
		kind: 'offer',
		title: PRIVATE.removed,
		category: 'diy',
		listed: true,
		price: null
	});
	const { sealed } = await writeSpace(admin, PRIVATE.street, { kind: 'fixed', cents: 800 }, [
		{ startIn: 2 * DAY, hours: 8, seats: 3, seatPriceCents: null },
		{ startIn: 3 * DAY, hours: 4, seats: 2, seatPriceCents: 500 },
		{ startIn: -2 * DAY, hours: 4, seats: 4, seatPriceCents: null }
	]);
	const note = await sealedText(PRIVATE.note, 'rating-note');
	writeRating(
		member.doc,
		`${member.member.memberId}:rating1`,
		{
			subject: `${admin.member.memberId}:engagement1`,
			kind: 'engagement',
			stars: 5,
			comment: PRIVATE.comment,
			privateNote: { [admin.member.memberId]: note },
			createdAt: Date.now(),
			updatedAt: Date.now()
		},
		'unchecked'
	);
	member.write(
		'report1',
		{ schemaVersion: SCHEMA_VERSION, text: PRIVATE.report, at: Date.now() },
		ROOT.reports
	);
	await acked([member, removed]);
	const now = Date.now();
	setHidden(
		admin.doc,
		board.boardId,
		admin.member.memberId,
		{ collection: 'posts', key: hidden },
		true,
		'hors sujet',
		now
	);
	removeMember(
		admin.doc,
		board.boardId,
		admin.member.memberId,
		removed.member.memberId,
		'spam',
		now
	);
	board.setVisibility('listed', null, ['Pourquoi nous rejoindre ?']);
	await acked([admin]);
	const sealedStrings = [note, sealed, ...collectSealed(member)].flatMap((s) =>
		(Array.isArray(s) ? s : [s]).flatMap((x) => [x.ct, x.iv, x.from])
	);
	const forbidden = [
		...Object.values(PRIVATE).slice(0, 8),
		...[admin, member, removed].flatMap((c) => [c.member.memberId, c.member.publicKey]),
		...sealedStrings,
		board.secret,
		board.token
	];
	return { board, forbidden };
}

/** The sealed contact fields in a member's posts (their ciphertexts must stay inside). */
function collectSealed(client: SyncClient) {
	return [...collection(client.doc, ROOT.posts).values()]
		.map((p) => (p as { contactSealed?: unknown }).contactSealed)
		.filter((s) => s != null) as { ct: string; iv: string; from: string }[][];
}

/**
 * A board that was listed (its page answered 200), then made private again and gone from the
 * index (404): from then on, no answer may hold it.
 */
export async function privateBoard(relay: RelayProcess): Promise<TestBoard> {
	const board = await newTestBoard(relay, {
		name: PRIVATE.privateBoard,
		city: 'Luxembourg',
		neighbourhood: 'Bonnevoie'
	});
	writePost(board.admin, {
		kind: 'offer',
		title: PRIVATE.privatePost,
		category: 'diy',
		listed: true,
		price: { kind: 'free' }
	});
	// Listed once, then private again: its row must be gone, not just never written.
	const page = async () => {
		const res = await fetch(`${relay.url}/api/directory/boards/${board.boardId}`);
		await res.body?.cancel();
		return res.status;
	};
	board.setVisibility('listed');
	await acked([board.admin]);
	await waitUntil(async () => (await page()) === 200, 'the private board listed once');
	board.setVisibility('private');
	await acked([board.admin]);
	await waitUntil(async () => (await page()) === 404, 'the private board gone');
	return board;
}
