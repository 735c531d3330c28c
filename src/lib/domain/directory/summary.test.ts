import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '../board/board-id';
import { createBoard } from '../board/commands';
import { newBoardSecret } from '../board/invite';
import { memberIdFromPublicKey } from '../identity/member-id';
import { FAKE_SEALED } from '../test-helpers';
import { promoteAdmin, removeMember, setHidden } from '../trust/moderation';
import { deriveDirectorySummary } from './summary';
import { setVisibility } from './visibility';

const HOUR = 3600_000;
const NOW = Date.UTC(2030, 5, 3, 8);

/** A member whose id derives from a (fake, well-formed) public key, as readMembers requires. */
function member(seed: string) {
	const publicKey = (seed + 'k'.repeat(43)).slice(0, 43);
	return { id: memberIdFromPublicKey(publicKey), publicKey };
}

const ana = member('ana');
const bob = member('bob');
const eve = member('eve');
const guest = member('guest');

function profile(doc: Y.Doc, m: { id: string; publicKey: string }, name: string) {
	doc.getMap('members').set(`${m.id}:profile`, {
		schemaVersion: 1,
		name,
		bio: `bio de ${name}`,
		publicKey: m.publicKey,
		joinedAt: 1,
		signature: 'sig'
	});
}

function post(doc: Y.Doc, author: string, id: string, fields: Record<string, unknown>) {
	doc.getMap('posts').set(`${author}:${id}`, {
		schemaVersion: 1,
		kind: 'offer',
		title: `Titre ${id}`,
		description: `Description privée ${id}`,
		category: 'diy',
		availability: 'le soir',
		area: 'Rue secrète',
		status: 'open',
		contactSealed: FAKE_SEALED,
		createdAt: 10,
		updatedAt: 10,
		...fields
	});
}

function space(doc: Y.Doc, host: string, id: string, fields: Record<string, unknown>) {
	doc.getMap('spaces').set(`${host}:${id}`, {
		schemaVersion: 1,
		title: `Salon ${id}`,
		description: 'Description du salon',
		city: 'Luxembourg',
		neighbourhood: 'Bonnevoie',
		seats: 3,
		amenities: ['wifi', 'quiet'],
		workMode: 'silent',
		houseRules: 'Pas de chaussures',
		autoAccept: false,
		archived: false,
		privateSealed: FAKE_SEALED,
		addressVersion: 1,
		listed: true,
		price: { kind: 'fixed', cents: 1000 },
		createdAt: 5,
		updatedAt: 5,
		...fields
	});
}

function slot(doc: Y.Doc, host: string, id: string, spaceId: string, start: number, extra = {}) {
	doc.getMap('slots').set(`${host}:${id}`, {
		schemaVersion: 1,
		space: `${host}:${spaceId}`,
		start,
		end: start + 4 * HOUR,
		seats: 3,
		deadline: start,
		seriesId: null,
		cancelled: null,
		seatPriceCents: 800,
		createdAt: 1,
		...extra
	});
}

/** A listed board with content of every kind: what may show, and what must never. */
function richBoard() {
	const { boardId, nonce } = newBoardIdentity(ana.id);
	const doc = new Y.Doc();
	createBoard(
		doc,
		ana.id,
		nonce,
		{
			name: 'Entraide Bonnevoie',
			city: 'Luxembourg',
			neighbourhood: 'Bonnevoie',
			description: 'On s’entraide.'
		},
		1
	);
	for (const [m, name] of [
		[ana, 'Ana'],
		[bob, 'Bob'],
		[eve, 'Eve'],
		[guest, 'Gil']
	] as const)
		profile(doc, m, name);
	post(doc, ana.id, 'listed', { listed: true, price: { kind: 'hourly', cents: 1500 } });
	post(doc, ana.id, 'unlisted', { listed: false });
	post(doc, bob.id, 'closed', { listed: true, status: 'closed' });
	post(doc, bob.id, 'hidden', { listed: true });
	post(doc, eve.id, 'removed', { listed: true });
	post(doc, bob.id, 'request', {
		listed: true,
		kind: 'request',
		category: 'computing',
		createdAt: 20
	});
	setHidden(
		doc,
		boardId,
		ana.id,
		{ collection: 'posts', key: `${bob.id}:hidden` },
		true,
		'spam',
		2
	);
	removeMember(doc, boardId, ana.id, eve.id, 'abus', 3);
	space(doc, bob.id, 'shown', {});
	space(doc, bob.id, 'unlisted', { listed: false });
	space(doc, bob.id, 'archived', { archived: true });
	space(doc, eve.id, 'removed', {});
	slot(doc, bob.id, 'past', 'shown', NOW - 6 * HOUR);
	slot(doc, bob.id, 'next', 'shown', NOW + 24 * HOUR);
	slot(doc, bob.id, 'cancelled', 'shown', NOW + 48 * HOUR, {
		cancelled: { reason: 'malade', at: 2 }
	});
	// One seat requested and confirmed on the next slot: two stay free.
	doc.getMap('bookings').set(`${guest.id}:b1`, {
		schemaVersion: 1,
		slot: `${bob.id}:next`,
		seats: 1,
		message: 'Message privé du voisin',
		createdAt: 2,
		cancelled: null
	});
	doc.getMap('rosters').set(`${bob.id}:nextdev`, {
		schemaVersion: 1,
		slot: `${bob.id}:next`,
		seq: 1,
		entries: {
			[`${guest.id}:b1`]: { decision: 'confirmed', seq: 1, at: 3, seats: 1, sealed: FAKE_SEALED }
		}
	});
	return { doc, boardId };
}

describe('the public summary of a board', () => {
	it('is null for a private board, whatever it holds', () => {
		const { doc, boardId } = richBoard();
		expect(deriveDirectorySummary(doc, boardId, NOW)).toBeNull();
		setVisibility(
			doc,
			boardId,
			ana.id,
			{ visibility: 'listed', questions: [], placeId: null },
			newBoardSecret(),
			5
		);
		setVisibility(
			doc,
			boardId,
			ana.id,
			{ visibility: 'private', questions: [], placeId: null },
			newBoardSecret(),
			6
		);
		expect(deriveDirectorySummary(doc, boardId, NOW)).toBeNull();
	});

	it('shows only listed, open items of members in good standing, and upcoming slots', () => {
		const { doc, boardId } = richBoard();
		setVisibility(
			doc,
			boardId,
			ana.id,
			{ visibility: 'listed', questions: ['Pourquoi nous rejoindre ?'], placeId: 2960316 },
			newBoardSecret(),
			5
		);
		const summary = deriveDirectorySummary(doc, boardId, NOW);
		expect(summary).toEqual({
			boardId,
			visibility: 'listed',
			name: 'Entraide Bonnevoie',
			city: 'Luxembourg',
			neighbourhood: 'Bonnevoie',
			description: 'On s’entraide.',
			placeId: 2960316,
			memberCount: 3,
			questions: ['Pourquoi nous rejoindre ?'],
			posts: [
				{ kind: 'request', title: 'Titre request', category: 'computing', price: null },
				{
					kind: 'offer',
					title: 'Titre listed',
					category: 'diy',
					price: { kind: 'hourly', cents: 1500 }
				}
			],
			spaces: [
				{
					neighbourhood: 'Bonnevoie',
					amenities: ['wifi', 'quiet'],
					seats: 3,
					price: { kind: 'fixed', cents: 1000 },
					slots: [
						{ start: NOW + 24 * HOUR, end: NOW + 28 * HOUR, freeSeats: 2, seatPriceCents: 800 }
					]
				}
			]
		});
	});

	it('never carries a key, a member id, a sealed field or a private text', () => {
		const { doc, boardId } = richBoard();
		const secret = newBoardSecret();
		setVisibility(
			doc,
			boardId,
			ana.id,
			{ visibility: 'open', questions: [], placeId: null },
			secret,
			5
		);
		const bytes = JSON.stringify(deriveDirectorySummary(doc, boardId, NOW));
		const forbidden = [
			secret,
			ana.id,
			bob.id,
			eve.id,
			guest.id,
			ana.publicKey,
			FAKE_SEALED.ct,
			'Description privée',
			'Rue secrète',
			'le soir',
			'Pas de chaussures',
			'Message privé',
			'Salon',
			'bio de',
			'Titre unlisted',
			'Titre hidden',
			'Titre removed',
			'Titre closed',
			'malade'
		];
		for (const text of forbidden) expect(bytes, text).not.toContain(text);
	});

	it('never carries a member’s profile photo, though the member still counts', () => {
		const { doc, boardId } = richBoard();
		setVisibility(
			doc,
			boardId,
			ana.id,
			{ visibility: 'listed', questions: [], placeId: null },
			newBoardSecret(),
			5
		);
		const before = deriveDirectorySummary(doc, boardId, NOW);
		const members = doc.getMap('members');
		const photo = 'ab'.repeat(32);
		members.set(`${ana.id}:profile`, { ...(members.get(`${ana.id}:profile`) as object), photo });
		const summary = deriveDirectorySummary(doc, boardId, NOW);
		expect(summary?.memberCount).toBe(before?.memberCount);
		expect(JSON.stringify(summary)).not.toContain(photo);
	});

	it('follows the latest mark of a current admin; a former non-admin’s mark does not count', () => {
		const { doc, boardId } = richBoard();
		// Bob is no admin: his mark is ignored.
		doc.getMap('moderation').set(`${bob.id}:visibility`, {
			schemaVersion: 1,
			action: 'visibility',
			visibility: 'listed',
			questions: [],
			placeId: null,
			inviteSecret: null,
			at: 9
		});
		expect(deriveDirectorySummary(doc, boardId, NOW)).toBeNull();
		promoteAdmin(doc, boardId, ana.id, bob.id, 10);
		expect(deriveDirectorySummary(doc, boardId, NOW)?.visibility).toBe('listed');
		setVisibility(
			doc,
			boardId,
			ana.id,
			{ visibility: 'private', questions: [], placeId: null },
			'',
			11
		);
		expect(deriveDirectorySummary(doc, boardId, NOW)).toBeNull();
	});
});
