/**
 * An imported board rebuilt from what the relay confirms (issue 18): the relay's state, plus my
 * own member's changes from the imported file that pass my write scope against that state — as
 * the relay itself would judge them once this device sends them. Whatever else the file carried
 * (another member's "confirmation", a deletion of someone else's item) is dropped: a file is
 * anyone's to edit, and its checksums are anyone's to recompute.
 *
 * My changes are judged one client id at a time, so a forged struct on one client id costs that
 * client id's writes only, never the rest of mine. A client id may build on another of mine (each
 * session of the app writes with a fresh one), so what passes is applied and the others are
 * judged again, until a round adds nothing.
 */
import * as Y from 'yjs';
import { clientOwners, memberChanges } from './handover/member-changes';
import { decodeCanonicalV1, encodeCanonicalV1, type DecodedUpdate } from './update-structs';
import { checkUpdate } from './write-scope';

export interface TrustedImport {
	/** The whole trusted board (`Y.encodeStateAsUpdate`), to store in place of the imported one. */
	update: Uint8Array;
	/** My client ids whose writes were kept (those the relay already holds included). */
	kept: number[];
	/** My client ids whose writes did not pass, with the first reason; logged, never shown. */
	dropped: { client: number; reason: string }[];
	/** Client ids whose writes in the file go beyond the trusted board: what was not kept. */
	unconfirmed: number;
}

export function trustedImport(
	relayState: Uint8Array,
	importedState: Uint8Array,
	me: string
): TrustedImport {
	const trusted = new Y.Doc();
	Y.applyUpdate(trusted, relayState);
	const imported = new Y.Doc();
	Y.applyUpdate(imported, importedState);
	const mine = memberChanges(imported, me);
	const fileClocks = Y.decodeStateVector(Y.encodeStateVector(imported));
	imported.destroy();
	const byClient = splitByClient(mine.update);
	const relayOwners = clientOwners(trusted);
	const listed = new Set(mine.clients);
	const ownerOf = (client: number) =>
		relayOwners.get(client) ?? (listed.has(client) ? me : undefined);

	const kept: number[] = [];
	const failures = new Map<number, string>();
	let waiting = [...byClient.keys()];
	for (let progress = true; progress && waiting.length > 0;) {
		progress = false;
		const next: number[] = [];
		for (const client of waiting) {
			const update = byClient.get(client)!;
			const result = checkUpdate(trusted, update, { sender: me, ownerOf });
			if (result.ok) {
				Y.applyUpdate(trusted, update);
				kept.push(client);
				progress = true;
				continue;
			}
			failures.set(client, `${result.reason}: ${result.detail}`);
			// Waiting for another client id of mine, perhaps: judged again after this round.
			if (result.retryable) next.push(client);
		}
		waiting = next;
	}
	const update = Y.encodeStateAsUpdate(trusted);
	const unconfirmed = [...fileClocks].filter(([c, clock]) => clock > Y.getState(trusted.store, c));
	trusted.destroy();
	const dropped = [...failures]
		.filter(([client]) => !kept.includes(client))
		.map(([client, reason]) => ({ client, reason }));
	return { update, kept, dropped, unconfirmed: unconfirmed.length };
}

/** One update per client id: its structs, and the deletions of its items. */
function splitByClient(update: Uint8Array): Map<number, Uint8Array> {
	const decoded: DecodedUpdate | { problem: string } = decodeCanonicalV1(update);
	// memberChanges writes with Yjs's own encoder; anything else is a bug here, not bad input.
	if ('problem' in decoded) throw new Error(`cannot read my own changes: ${decoded.problem}`);
	const clients = new Set([...decoded.runs.keys(), ...decoded.deletions.keys()]);
	const updates = new Map<number, Uint8Array>();
	for (const client of clients) {
		const runs = decoded.runs.has(client)
			? new Map([[client, decoded.runs.get(client)!]])
			: new Map();
		const deletions = decoded.deletions.has(client)
			? new Map([[client, decoded.deletions.get(client)!]])
			: new Map();
		updates.set(client, encodeCanonicalV1(runs, deletions));
	}
	return updates;
}
