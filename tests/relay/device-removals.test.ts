/**
 * One member, several devices (DESIGN.md §6), continued from devices.test.ts: a device the
 * member takes back is closed at once and refused from then on, also after a restart, and only
 * the member's own profile can take a device of theirs back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_AUTH_FAILED, CLOSE_DEVICE_REMOVED } from '../../src/lib/sync/protocol';
import {
	admittedRaw,
	certificateOf,
	destroyAllClients,
	linkDevice,
	testMember,
	waitFor
} from './clients';
import { linkedDevices, otherSpelling } from './linked-devices';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

describe('linked devices', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelayProcess();
	});
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	const { newBoard, connected, attempt, expectRefused, publishDevices, removedAt, stored } =
		linkedDevices(() => relay);

	describe('removed devices', () => {
		it('closes a device its member takes back (4411), refuses it from then on, keeps the others', async () => {
			const { board, token } = newBoard();
			const alice = testMember();
			const phone = linkDevice(alice, { label: 'Téléphone perdu' });
			const tablet = linkDevice(alice, { label: 'Tablette' });
			const first = await connected(board, token, alice);
			const lost = await connected(board, token, phone);
			const kept = await connected(board, token, tablet);
			publishDevices(first, [certificateOf(phone), certificateOf(tablet)]);
			await stored(first);
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(lost.closes).toEqual([]);

			publishDevices(first, [removedAt(certificateOf(phone)), certificateOf(tablet)]);
			await waitFor(() => lost.closes.length > 0, 'lost phone disconnected');
			expect(lost.closes[0]?.code).toBe(CLOSE_DEVICE_REMOVED);
			// 44xx: y-websocket does not retry.
			expect(lost.provider.shouldConnect).toBe(false);
			await stored(first);
			expect([...first.closes, ...kept.closes]).toEqual([]);

			await expectRefused(attempt(board, token, phone), CLOSE_DEVICE_REMOVED);
			// Nor anything the lost phone certifies now.
			await expectRefused(attempt(board, token, linkDevice(phone)), CLOSE_DEVICE_REMOVED);

			// Taking the mark back out of the profile does not let it in again while the relay runs.
			publishDevices(first, [certificateOf(phone), certificateOf(tablet)]);
			await stored(first);
			await expectRefused(attempt(board, token, phone), CLOSE_DEVICE_REMOVED);

			kept.write('still', 'là');
			await stored(kept);
			expect(kept.closes).toEqual([]);
			await admittedRaw(relay, board, token, alice);
		});

		it('takes back the first device the same way; devices listed in the profile stay', async () => {
			const { board, token } = newBoard();
			const alice = testMember();
			const phone = linkDevice(alice);
			const first = await connected(board, token, alice);
			const second = await connected(board, token, phone);
			// From the phone: the computer was stolen.
			publishDevices(second, [certificateOf(phone)], Date.now());
			await waitFor(() => first.closes.length > 0, 'stolen first device disconnected');
			expect(first.closes[0]?.code).toBe(CLOSE_DEVICE_REMOVED);
			await stored(second);
			expect(second.closes).toEqual([]);

			await expectRefused(attempt(board, token, alice), CLOSE_DEVICE_REMOVED);
			// The same key spelt differently (the last character's padding bits) is no way around it.
			await expectRefused(
				attempt(board, token, alice, (proof) => ({
					...proof,
					publicKey: otherSpelling(proof.publicKey)
				})),
				CLOSE_AUTH_FAILED
			);
			// The stolen key certifies a device after its removal: not listed, refused.
			await expectRefused(attempt(board, token, linkDevice(alice)), CLOSE_DEVICE_REMOVED);
			// The phone the first key certified before is listed: admitted, and what it links too.
			await admittedRaw(relay, board, token, phone);
			await admittedRaw(relay, board, token, linkDevice(phone));
		});

		it('admits devices a removed device certified that the profile lists, and only those', async () => {
			const { board, token } = newBoard();
			const alice = testMember();
			const phone = linkDevice(alice);
			/** Linked from the phone while it was still Alice's: her devices know it. */
			const tablet = linkDevice(phone, { label: 'Tablette' });
			/** Linked from the stolen phone, by the thief. */
			const thiefs = linkDevice(phone, { label: 'Tablette' });
			const first = await connected(board, token, alice);
			const honest = await connected(board, token, tablet);
			const intruder = await connected(board, token, thiefs);
			publishDevices(first, [removedAt(certificateOf(phone)), certificateOf(tablet)]);
			await waitFor(() => intruder.closes.length > 0, 'intruder disconnected');
			expect(intruder.closes[0]?.code).toBe(CLOSE_DEVICE_REMOVED);
			await stored(first);
			honest.write('after', 'toujours là');
			await stored(honest);
			expect([...first.closes, ...honest.closes]).toEqual([]);

			await expectRefused(attempt(board, token, thiefs), CLOSE_DEVICE_REMOVED);
			await admittedRaw(relay, board, token, tablet);
			// A listed certificate must be the very one: the same key with another label is not.
			const relabelled = linkDevice(phone, { keysOf: tablet, label: 'Autre' });
			await expectRefused(attempt(board, token, relabelled), CLOSE_DEVICE_REMOVED);
		});

		it('honours only the member’s own profile: another member cannot remove my devices', async () => {
			const { board, token } = newBoard();
			const alice = testMember();
			const phone = linkDevice(alice);
			const second = await connected(board, token, phone);
			const mallory = await connected(board, token, testMember());
			// Mallory's profile lists Alice's phone, and Alice's first key, as devices she took back.
			const aliceFirst = { ...certificateOf(phone), deviceKey: alice.publicKey };
			publishDevices(mallory, [removedAt(certificateOf(phone)), removedAt(aliceFirst)]);
			await stored(mallory);
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(second.closes).toEqual([]);
			await admittedRaw(relay, board, token, phone);
			await admittedRaw(relay, board, token, alice);
		});

		it('reads the removals again when the board is loaded after a restart', async () => {
			const restartable = await startRelayProcess({ direct: true });
			const { board, token } = newBoard();
			const alice = testMember();
			const phone = linkDevice(alice);
			const tablet = linkDevice(alice);
			const first = await connected(board, token, alice, restartable);
			publishDevices(first, [removedAt(certificateOf(phone)), certificateOf(tablet)]);
			await stored(first);
			first.destroy();
			await restartable.stop();
			const again = await startRelayProcess({ direct: true, dataDir: restartable.dataDir });
			await expectRefused(attempt(board, token, phone, undefined, again), CLOSE_DEVICE_REMOVED);
			await admittedRaw(again, board, token, tablet);
		});
	});
});
