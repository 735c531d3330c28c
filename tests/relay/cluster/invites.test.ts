/**
 * Invite links with several relay instances: a link's uses are counted in the shared database, so
 * a link used up through one instance lets nobody new in through another, even one that had
 * read the board's counts before.
 */
import * as prng from 'lib0/prng';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLOSE_INVITE_REVOKED } from '../../../src/lib/sync/protocol';
import { destroyAllClients, testMember } from '../clients';
import { makeLink, tryJoin } from '../invites-helpers';
import { adminCall, boardWith, type TestBoard } from '../join-requests-helpers';
import { cleanUpRelays, type RelayProcess } from '../relay-process';
import { startCluster } from './cluster';
import { stopAllRedis } from './redis-server';

const SEED = Number(process.env.QUARTIER_TEST_SEED ?? 20_261_203);

async function usesOf(relay: RelayProcess, b: TestBoard): Promise<Record<string, number>> {
	const answer = await adminCall(relay, b.admin, b.board, 'GET', `/api/boards/${b.board}/invites`);
	return answer.json.uses as Record<string, number>;
}

describe('invite links across relay instances', () => {
	afterEach(() => destroyAllClients());
	afterAll(async () => {
		await cleanUpRelays();
		await stopAllRedis();
	});

	it('a link with one use lets one newcomer in, whichever instance they come through', async () => {
		const gen = prng.create(SEED);
		const { relays } = await startCluster(2);
		const b = await boardWith(relays[0]!, gen, 'private');
		const link = await makeLink(b, { maxUses: 1 });
		// Instance 1 reads the board's counts (none yet) for the admin's own connection.
		expect((await tryJoin(relays[1]!, b.board, b.token, b.admin)).synced).toBe(true);

		const dana = testMember(gen);
		expect((await tryJoin(relays[0]!, b.board, link.token, dana)).synced).toBe(true);
		// The use is written after the connection starts, on the writer; instance 1 reads it there.
		for (let tries = 0; (await usesOf(relays[1]!, b))[link.hash] !== 1; tries++) {
			if (tries > 50) throw new Error('the use was never counted');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		expect(await tryJoin(relays[1]!, b.board, link.token, testMember(gen))).toMatchObject({
			synced: false,
			code: CLOSE_INVITE_REVOKED
		});
		// The member it let in comes back through either instance.
		expect((await tryJoin(relays[1]!, b.board, link.token, dana)).synced).toBe(true);
	});
});
