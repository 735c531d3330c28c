/**
 * Photos no record names leave the relay (issue 19, sync-server/blobs/sweep.ts): a photo a space
 * or a profile stops naming is deleted a sweep later and its bytes no longer count toward the
 * quota; a photo still named is never deleted, even when the board is full; a photo never named
 * is kept for the grace period (its record may still be on its way), counted from its last upload.
 */
import * as prng from 'lib0/prng';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILE_RECORD_ID, ROOT } from '../../src/lib/domain/board/schema';
import { destroyAllClients, type SyncClient } from './clients';
import { download, photoBytes, sha256Hex, upload } from './blobs-helpers';
import { printSeedOnFailure, SEED } from './join-requests-helpers';
import { pushBoard, publishProfile, stored } from './push-helpers';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

const KiB = 1024;
let gen: prng.PRNG;

beforeEach((context) => {
	gen = prng.create(SEED + context.task.name.length);
	printSeedOnFailure(context);
});
afterEach(() => destroyAllClients());
afterAll(() => cleanUpRelays());

function sweepingRelay(graceMs: number): Promise<RelayProcess> {
	return startRelayProcess({
		direct: true,
		env: {
			QUARTIER_BLOB_QUOTA_BYTES: String(100 * KiB),
			QUARTIER_BLOB_SWEEP_MS: '50',
			QUARTIER_BLOB_UNNAMED_GRACE_MS: String(graceMs)
		}
	});
}

/** The host's space record, as the relay sees it: only its photos matter to the sweep. */
function nameInSpace(host: SyncClient, photos: string[]): void {
	host.doc.getMap(ROOT.spaces).set(host.member.key('space-1'), { title: 'Salon', photos });
}

function nameInProfile(member: SyncClient, name: string, photo: string | undefined): void {
	publishProfile(member, name);
	const key = member.member.key(PROFILE_RECORD_ID);
	const profile = member.doc.getMap(ROOT.members).get(key) as Record<string, unknown>;
	member.doc.getMap(ROOT.members).set(key, photo === undefined ? profile : { ...profile, photo });
}

/** Polls `condition` until it holds, for at most 10 s. */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

const status = async (relay: RelayProcess, reader: SyncClient, board: string, hash: string) =>
	(await download(relay, reader.member, board, hash)).status;

describe('the photo sweep', () => {
	it('deletes what a space or a profile stops naming, and never what one still names', async () => {
		const relay = await sweepingRelay(24 * 60 * 60 * 1000);
		const { board, members } = await pushBoard(relay, ['Amélie', 'Bruno']);
		const [ana, ben] = [members.Amélie!, members.Bruno!];
		const [a, b, c, d, e] = [1, 2, 3, 4, 5].map(() => photoBytes(gen, 24 * KiB));
		for (const photo of [a!, b!, c!])
			expect((await upload(relay, ana.member, board, photo)).status).toBe(201);
		const [hashA, hashB, hashC] = [a!, b!, c!].map(sha256Hex);
		nameInSpace(ana, [hashA!, hashB!]);
		nameInProfile(ben, 'Bruno', hashC);
		await stored([ana, ben]);

		// 72 KiB of 100 stored, all named: the board is full for a fourth and a fifth photo, and a
		// sweep before refusing them frees nothing.
		expect((await upload(relay, ana.member, board, d!)).status).toBe(201);
		const full = await upload(relay, ana.member, board, e!);
		expect([full.status, full.json]).toEqual([413, { error: 'quota-exceeded' }]);
		expect(await status(relay, ben, board, hashA!)).toBe(200);

		// Amélie takes photo A off her space: gone at the next sweep, and the room it took is free.
		nameInSpace(ana, [hashB!, sha256Hex(d!)]);
		await stored([ana]);
		await until(async () => (await status(relay, ben, board, hashA!)) === 404, 'A deleted');
		for (const kept of [hashB!, hashC!, sha256Hex(d!)]) {
			expect(await status(relay, ben, board, kept)).toBe(200);
		}
		expect((await upload(relay, ana.member, board, e!)).status).toBe(201);

		// Bruno removes his profile photo: gone too, while E, uploaded but not named yet, stays
		// (the sweep that deleted C listed it, inside its day of grace).
		nameInProfile(ben, 'Bruno', undefined);
		await stored([ben]);
		await until(async () => (await status(relay, ana, board, hashC!)) === 404, 'C deleted');
		expect(await status(relay, ana, board, sha256Hex(e!))).toBe(200);
		expect(relay.logs()).not.toContain('photo sweep failed');
	});

	it('keeps a photo never named for its grace period, counted from its last upload', async () => {
		const graceMs = 3000;
		const relay = await sweepingRelay(graceMs);
		const { board, members } = await pushBoard(relay, ['Amélie']);
		const ana = members.Amélie!;
		const [forgotten, again] = [1, 2].map(() => photoBytes(gen, 8 * KiB));
		for (const photo of [forgotten!, again!]) {
			expect((await upload(relay, ana.member, board, photo)).status).toBe(201);
		}
		const uploadedAt = Date.now();
		await new Promise((resolve) => setTimeout(resolve, uploadedAt + graceMs + 200 - Date.now()));
		// Uploaded again just before a record would name it: its grace starts again.
		expect((await upload(relay, ana.member, board, again!)).status).toBe(200);
		// Any commit makes the board due for a sweep.
		publishProfile(ana, 'Amélie B.');
		await stored([ana]);
		await until(
			async () => (await status(relay, ana, board, sha256Hex(forgotten!))) === 404,
			'the forgotten photo deleted'
		);
		expect(await status(relay, ana, board, sha256Hex(again!))).toBe(200);
	});
});
