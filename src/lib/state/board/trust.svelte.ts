/**
 * Trust on one open board: signed ratings of finished services and the reputations they make,
 * and reports sealed to the admins. Admins' marks and block lists are moderation.svelte.ts.
 */
import { ROOT } from '$lib/domain/board/schema';
import type { InvalidRecord } from '$lib/domain/board/types';
import { RuleError, ValidationError } from '$lib/domain/errors';
import { openSet, sealToAll, type SealedSet } from '$lib/domain/identity/sealed';
import { ownDeviceKey, sealKeysOfMember, signingKeysOf } from '$lib/domain/identity/my-devices';
import { randomId, recordKey } from '$lib/domain/ids';
import { cleanText } from '$lib/domain/text';
import * as ratings from '$lib/domain/trust/ratings';
import { reputationOf, type Reputation } from '$lib/domain/trust/reputation';
import * as reports from '$lib/domain/trust/reports';
import { ratingNoteContext, reportContext } from '$lib/domain/trust/seal-contexts';
import type { AidFeature } from './aid.svelte';
import type { CoworkFeature } from './cowork.svelte';
import type { BoardFeature } from './feature';
import type { MembersFeature } from './members.svelte';
import type { ModerationFeature } from './moderation.svelte';
import type { BoardScope } from './scope';
import { signatureCheckKey, type SignatureChecks } from './signature-checks';

export class TrustFeature implements BoardFeature {
	readonly name = 'trust';
	readonly inputs = [ROOT.ratings, ROOT.reports];
	/** A rating counts only for someone who took part in a finished service (aid or cowork). */
	readonly uses: readonly [MembersFeature, ModerationFeature, AidFeature, CoworkFeature];
	/** A booking becomes rateable when its slot ends. */
	readonly timed = true;

	/** Ratings every view accepts (signature checked), hidden ones included: see `hiddenMark`. */
	ratings = $state.raw<readonly ratings.Rating[]>([]);

	constructor(
		private readonly scope: BoardScope,
		private readonly checks: SignatureChecks,
		/** Background checks finished: refresh me. */
		private readonly checked: () => void,
		private readonly members: MembersFeature,
		private readonly moderation: ModerationFeature,
		private readonly aid: AidFeature,
		private readonly cowork: CoworkFeature
	) {
		this.uses = [members, moderation, aid, cowork];
	}

	refresh(): InvalidRecord[] {
		const invalid: InvalidRecord[] = [];
		const { doc, boardId } = this.scope;
		const now = Date.now();
		const unchecked: ratings.Rating[] = [];
		const all = this.aid.all;
		const cowork = this.cowork.snapshot;
		const valid = ratings.readRatings(
			doc,
			{
				boardId,
				service: (kind, subject) => ratings.serviceOf(kind, subject, all, cowork, now),
				signatureValid: (r) => {
					const known = this.checks.status(this.checkKey(r));
					return known === 'checking' || known === undefined ? undefined : known === 'valid';
				}
			},
			invalid,
			unchecked
		);
		this.checkSignatures(unchecked);
		const { removed } = this.moderation;
		this.ratings = valid.filter((r) => !removed.has(r.raterId));
		return invalid;
	}

	reputation(memberId: string): Reputation {
		return reputationOf(memberId, this.ratings, this.moderation.marks);
	}

	/** My rating of a service (even if hidden), to show and edit it. */
	myRating(subject: string): ratings.Rating | null {
		const key = ratings.ratingKey(this.scope.me, subject);
		return this.ratings.find((r) => r.key === key) ?? null;
	}

	/** Rates the other participant of a finished service, or edits my rating within 14 days. */
	async rate(
		kind: 'engagement' | 'booking',
		subject: string,
		input: ratings.RatingInput,
		privateNote: string
	): Promise<void> {
		const { doc, boardId, origin, me, identity } = this.scope;
		const now = Date.now();
		const engagements = this.aid.snapshot.engagements;
		const service = ratings.serviceOf(kind, subject, engagements, this.cowork.snapshot, now);
		const note = privateNote.trim();
		if (note.length > ratings.RATING_LIMITS.note) throw new ValidationError({ note: 'tooLong' });
		// Bound to my rating's key (the one key I may rate this service under: known before sealing).
		const sealedNote = note
			? await this.sealToAdmins(ratingNoteContext(ratings.ratingKey(me, subject)), note)
			: null;
		const prepared = ratings.prepareRating(doc, me, kind, subject, service, input, sealedNote, now);
		const { key, fields } = prepared;
		const signature = await ratings.signRating(identity.privateKey, boardId, key, fields);
		const signer = ownDeviceKey(identity);
		const deviceSigner = signer === identity.publicKey ? null : signer;
		ratings.writeRating(doc, key, fields, signature, origin, deviceSigner);
	}

	/**
	 * My own private note to the admins on my rating of a service, read back from any admin's
	 * copy (the sealer can open what it sealed): the edit form starts from it, so saving an edit
	 * does not silently drop the note.
	 */
	async myRatingNote(subject: string): Promise<string | null> {
		const rating = this.myRating(subject);
		if (!rating?.privateNote) return null;
		for (const sealed of Object.values(rating.privateNote)) {
			const text = await this.open(sealed, ratingNoteContext(rating.key));
			if (text !== null) return text;
		}
		return null;
	}

	/** For an admin: the private note a rater left them. */
	openRatingNote(rating: ratings.Rating): Promise<string | null> {
		const sealed = rating.privateNote?.[this.scope.me];
		return sealed ? this.open(sealed, ratingNoteContext(rating.key)) : Promise.resolve(null);
	}

	/** Reports a post, a rating or a member to the admins; the reason is sealed to each admin. */
	async report(target: reports.ReportTarget, ref: string, reason: string): Promise<string> {
		const errors = {};
		const text = cleanText(
			reason,
			'reason',
			{ required: true, max: reports.REPORT_LIMITS.reason },
			errors
		);
		if (Object.keys(errors).length > 0) throw new ValidationError(errors);
		// The key is drawn first so the reason is sealed for this report only.
		const key = recordKey(this.scope.me, randomId());
		const readers = reports.reportReaders(this.moderation.marks.admins, target, ref);
		// No reader (the only admin is the one reported): kept unsealed, as the form warned.
		const sealed = readers.length === 0 ? {} : await this.sealTo(readers, reportContext(key), text);
		const { doc, me, origin } = this.scope;
		return reports.createReport(doc, me, target, ref, sealed, Date.now(), origin, key);
	}

	/**
	 * A report on this would reach no admin: the only admins are the person it is about. The
	 * report form says so and points to the members page, where another admin can be named.
	 */
	reportReachesNoAdmin(target: reports.ReportTarget, ref: string): boolean {
		return reports.reportReaders(this.moderation.marks.admins, target, ref).length === 0;
	}

	/** For an admin: reports sealed to them, with their reasons opened. */
	async reportsForMe(): Promise<(reports.Report & { reason: string | null })[]> {
		const list = reports.readReportsFor(this.scope.doc, this.scope.me);
		return Promise.all(
			list.map(async (r) => ({
				...r,
				reason: r.sealed ? await this.open(r.sealed, reportContext(r.key)) : null
			}))
		);
	}

	private open(sealed: SealedSet, context: string): Promise<string | null> {
		const { encryptionPrivateKey, encryptionKey } = this.scope.identity;
		return openSet(encryptionPrivateKey, encryptionKey, sealed, context);
	}

	/**
	 * Seals a text to every admin with a published key (by admin id; to each of their devices).
	 * Refused (RuleError 'noAdminKey') when no admin's key is on this device yet: the text would
	 * reach nobody.
	 */
	private sealToAdmins(context: string, text: string): Promise<Record<string, SealedSet>> {
		return this.sealTo(this.moderation.marks.admins, context, text);
	}

	private async sealTo(
		admins: Iterable<string>,
		context: string,
		text: string
	): Promise<Record<string, SealedSet>> {
		const { encryptionPrivateKey, encryptionKey } = this.scope.identity;
		const sealed: Record<string, SealedSet> = {};
		for (const admin of admins) {
			const theirKeys = sealKeysOfMember(this.members.all, admin);
			if (theirKeys.length === 0) continue;
			sealed[admin] = await sealToAll(
				encryptionPrivateKey,
				encryptionKey,
				theirKeys,
				context,
				text
			);
		}
		if (Object.keys(sealed).length === 0) throw new RuleError('noAdminKey');
		return sealed;
	}

	private checkKey(rating: ratings.Rating): string {
		const payload = ratings.ratingPayload(this.scope.boardId, rating.key, rating);
		// The signer is part of what was checked: the same signature under another key is new.
		return signatureCheckKey(`${rating.key}/${rating.signer ?? ''}`, payload, rating.signature);
	}

	/** Checks new rating signatures in the background, then asks for one refresh. */
	private checkSignatures(unchecked: readonly ratings.Rating[]): void {
		const members = this.members.all;
		const batch = [];
		for (const rating of unchecked) {
			const rater = members.get(rating.raterId);
			// The rater's profile is not here (or not verified) yet: check again on the next refresh.
			if (!rater) continue;
			const { boardId } = this.scope;
			batch.push({
				key: this.checkKey(rating),
				verify: () => ratings.verifyRatingSignature(boardId, rating, signingKeysOf(rater))
			});
		}
		this.checks.checkAll(batch, this.checked, this.scope.reportError);
	}
}
