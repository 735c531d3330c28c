/** Who is concerned by which event: every kind of notice, its addressee, and what it is not. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardIdentity } from '../board/board-id';
import * as board from '../board/commands';
import * as bookings from '../cowork/booking-commands';
import * as spaces from '../cowork/space-commands';
import * as engagements from '../engagement/commands';
import * as help from '../help/commands';
import { FAKE_SEALED, memberId } from '../test-helpers';
import { removeMember } from '../trust/moderation';
import { deriveNotices, deriveReminders, noticesFor } from './derive';
import { noticeInputFromDoc } from './input';
import type { Notice } from './notice';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 1, 8);
const BOARD = 'B'.repeat(22);
const [ana, ben, cleo, host] = ['ana', 'ben', 'cleo', 'host'].map(memberId) as [
	string,
	string,
	string,
	string
];

const post = (doc: Y.Doc, author: string, kind: 'offer' | 'request') =>
	help.createPost(
		doc,
		author,
		{ kind, category: 'diy', title: 'Étagère', description: '', availability: '', area: '' },
		NOW
	);

function slotOf(doc: Y.Doc, seats = 2, start = NOW + 10 * HOUR) {
	const space = spaces.createSpace(
		doc,
		host,
		{
			title: 'Bureau calme',
			description: '',
			city: 'Lyon',
			neighbourhood: '',
			seats: 4,
			amenities: [],
			workMode: 'silent',
			houseRules: '',
			autoAccept: false
		},
		FAKE_SEALED,
		NOW
	);
	const [slot] = spaces.createSlots(
		doc,
		host,
		space,
		{ start, end: start + 4 * HOUR, seats, deadline: null, repeatWeeks: 0 },
		NOW
	);
	return { space, slot: slot! };
}

const notices = (doc: Y.Doc, now = NOW + 5) => deriveNotices(noticeInputFromDoc(doc, BOARD, now));
const brief = (list: readonly Notice[]) => list.map((n) => [n.kind, n.to, n.from, n.open]);

describe('help notices', () => {
	it('a request on my offer concerns me, stays open until I answer, and its answer concerns the asker', () => {
		const doc = new Y.Doc();
		const offer = post(doc, ana, 'offer');
		const e = engagements.proposeEngagement(doc, ben, offer, 'Bonjour', '', NOW + 1);
		expect(brief(notices(doc))).toEqual([['help-request', ana, ben, true]]);
		engagements.respond(doc, ana, e, 'accepted', '', null, NOW + 2);
		expect(brief(notices(doc))).toEqual([
			['help-request', ana, ben, false],
			['help-accepted', ben, ana, false]
		]);
		const [ask, answer] = notices(doc);
		expect(ask!.path).toBe(`/b/${BOARD}/posts/${encodeURIComponent(offer)}`);
		expect(answer!.at).toBe(NOW + 2);
	});

	it('on a request it is a proposal; a decline is said to the neighbour', () => {
		const doc = new Y.Doc();
		const asked = post(doc, ana, 'request');
		const e = engagements.proposeEngagement(doc, ben, asked, '', '', NOW + 1);
		engagements.respond(doc, ana, e, 'declined', 'Déjà trouvé', null, NOW + 2);
		expect(brief(notices(doc))).toEqual([
			['help-proposal', ana, ben, false],
			['help-declined', ben, ana, false]
		]);
	});

	it('messages and a cancellation concern the other side only', () => {
		const doc = new Y.Doc();
		const offer = post(doc, ana, 'offer');
		const e = engagements.proposeEngagement(doc, ben, offer, '', '', NOW + 1);
		engagements.respond(doc, ana, e, 'accepted', '', null, NOW + 2);
		engagements.addComment(doc, ben, e, 'Je passe à 18 h', NOW + 3);
		engagements.addComment(doc, ana, e, 'Parfait', NOW + 4);
		engagements.cancelEngagement(doc, ben, e, 'Empêchement', NOW + 5);
		const list = notices(doc, NOW + 6).filter(
			(n) => n.kind.startsWith('help-m') || n.kind === 'help-cancelled'
		);
		expect(brief(list)).toEqual([
			['help-cancelled', ana, ben, false],
			['help-message', ana, ben, false],
			['help-message', ben, ana, false]
		]);
		expect(noticesFor(notices(doc, NOW + 6), cleo)).toEqual([]);
	});

	it('nothing from a removed member', () => {
		const { boardId, nonce } = newBoardIdentity(ana);
		const doc = new Y.Doc();
		board.createBoard(
			doc,
			ana,
			nonce,
			{ name: 'Lilas', city: 'Lyon', neighbourhood: '', description: '' },
			NOW
		);
		const offer = post(doc, ana, 'offer');
		engagements.proposeEngagement(doc, ben, offer, '', '', NOW + 1);
		expect(deriveNotices(noticeInputFromDoc(doc, boardId, NOW + 3))).toHaveLength(1);
		removeMember(doc, boardId, ana, ben, '', NOW + 2);
		expect(deriveNotices(noticeInputFromDoc(doc, boardId, NOW + 3))).toEqual([]);
	});
});

describe('seat notices', () => {
	it('a request concerns the host, open while it waits; the decision concerns the guest', () => {
		const doc = new Y.Doc();
		const { slot } = slotOf(doc);
		const b = bookings.requestBooking(doc, ben, slot, 1, '', NOW + 1);
		expect(brief(notices(doc))).toEqual([['seat-request', host, ben, true]]);
		bookings.decide(
			doc,
			host,
			'phone',
			slot,
			[{ bookingKey: b, decision: 'confirmed', reason: '' }],
			NOW + 2
		);
		expect(brief(notices(doc))).toEqual([
			['seat-request', host, ben, false],
			['seat-confirmed', ben, host, false]
		]);
		expect(notices(doc)[1]!.at).toBe(NOW + 2);
	});

	it('a guest’s cancellation concerns the host; a host’s, or a cancelled slot, the guest', () => {
		const doc = new Y.Doc();
		const { slot } = slotOf(doc, 3);
		const b1 = bookings.requestBooking(doc, ben, slot, 1, '', NOW + 1);
		const b2 = bookings.requestBooking(doc, cleo, slot, 1, '', NOW + 1);
		bookings.decide(
			doc,
			host,
			'phone',
			slot,
			[{ bookingKey: b1, decision: 'confirmed', reason: '' }],
			NOW + 2
		);
		bookings.cancelBooking(doc, ben, b1, 'Malade', NOW + 3);
		spaces.cancelSlot(doc, host, slot, 'Travaux', NOW + 4);
		const cancels = notices(doc, NOW + 5).filter((n) => n.id.startsWith('seat-cancelled'));
		expect(brief(cancels)).toEqual([
			['seat-cancelled-by-guest', host, ben, false],
			['seat-cancelled-by-host', cleo, host, false]
		]);
		expect(cancels.map((n) => n.id)).toEqual([`seat-cancelled:${b1}`, `seat-cancelled:${b2}`]);
	});

	it('a waitlisted request is not open for the host', () => {
		const doc = new Y.Doc();
		const { slot } = slotOf(doc, 1);
		bookings.requestBooking(doc, ben, slot, 1, '', NOW + 1);
		bookings.requestBooking(doc, cleo, slot, 1, '', NOW + 2);
		expect(brief(notices(doc))).toEqual([
			['seat-request', host, ben, true],
			['seat-request', host, cleo, false]
		]);
	});

	it('ids are the same on every derivation, so nothing is counted or pushed twice', () => {
		const doc = new Y.Doc();
		const { slot } = slotOf(doc);
		bookings.requestBooking(doc, ben, slot, 1, '', NOW + 1);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		expect(notices(copy).map((n) => n.id)).toEqual(notices(doc).map((n) => n.id));
	});
});

describe('reminders', () => {
	it('one per confirmed guest and one for the host, only for slots still ahead', () => {
		const doc = new Y.Doc();
		const { slot } = slotOf(doc, 3);
		const b1 = bookings.requestBooking(doc, ben, slot, 1, '', NOW + 1);
		bookings.requestBooking(doc, cleo, slot, 1, '', NOW + 1);
		bookings.decide(
			doc,
			host,
			'phone',
			slot,
			[{ bookingKey: b1, decision: 'confirmed', reason: '' }],
			NOW + 2
		);
		const input = noticeInputFromDoc(doc, BOARD, NOW + 3);
		expect(deriveReminders(input, NOW + 3).map((r) => [r.id, r.to, r.role])).toEqual([
			[`reminder:${b1}`, ben, 'guest'],
			[`reminder-host:${slot}`, host, 'host']
		]);
		expect(deriveReminders(input, NOW + 11 * HOUR)).toEqual([]);
	});
});
