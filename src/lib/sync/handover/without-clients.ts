/**
 * An update without the structs and deletions of some client ids: what a phone that received
 * another member's packet by hand answers the relay's sync step 1 with. Those structs are the
 * author's, not this phone's to add; if the relay refused the packet, or has not taken it yet, a
 * sync step 2 carrying them would be refused whole, and this phone's own offline edits with it.
 */
import { decodeCanonicalV1, encodeCanonicalV1 } from '../update-structs';

export function withoutClients(update: Uint8Array, clients: ReadonlySet<number>): Uint8Array {
	if (clients.size === 0) return update;
	const decoded = decodeCanonicalV1(update);
	// Not in the form Yjs writes (a doc holding pending data): nothing to take out safely.
	if ('problem' in decoded) return update;
	let touched = false;
	const keep = <T>(map: Map<number, T>) =>
		new Map(
			[...map].filter(([client]) => {
				const other = clients.has(client);
				touched ||= other;
				return !other;
			})
		);
	const runs = keep(decoded.runs);
	const deletions = keep(decoded.deletions);
	return touched ? encodeCanonicalV1(runs, deletions) : update;
}
