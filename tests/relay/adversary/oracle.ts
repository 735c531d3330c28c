/**
 * Ground truth for the adversary: a shadow doc that receives every honest member's own local
 * transactions and nothing the relay sends, and a comparison of any replica with it clock by clock
 * for every honest client id — content, parent, key, origins, deleted or not — plus the honest
 * records as JSON (an attacker's item inside a victim's text changes no honest clock, only the
 * text) and nothing pending. `toJSON()` alone misses replaced values that look the same, deletions
 * that come back, and data pending for later.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

type Struct = Y.Item | Y.GC;

export class Oracle {
	readonly shadow = new Y.Doc();

	/**
	 * The shadow learns each local transaction of an honest member's doc, nothing the relay sends
	 * (through whichever provider the doc is connected by, across restarts).
	 */
	follow(doc: Y.Doc): void {
		Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(doc));
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (!(origin instanceof WebsocketProvider)) Y.applyUpdate(this.shadow, update);
		});
	}

	/** Every difference between the replica and the honest members' own history (none: []). */
	differences(replica: Y.Doc, attackerPrefix: string): string[] {
		const found: string[] = [];
		const store = replica.store;
		if (store.pendingStructs !== null) found.push('structs pending');
		if (store.pendingDs !== null) found.push('deletions pending');
		for (const client of clientsOf(this.shadow)) {
			const expected = clockView(this.shadow, client);
			const actual = clockView(replica, client);
			if (actual.length !== expected.length) {
				found.push(`client ${client}: ${actual.length} clocks, expected ${expected.length}`);
			}
			for (let clock = 0; clock < expected.length && found.length < 20; clock++) {
				if (actual[clock] !== expected[clock]) {
					found.push(`${client}:${clock} is ${actual[clock]}, expected ${expected[clock]}`);
				}
			}
		}
		const expected = honestRecords(this.shadow, attackerPrefix);
		const actual = honestRecords(replica, attackerPrefix);
		if (actual !== expected) found.push(`records ${actual}, expected ${expected}`);
		return found;
	}
}

function clientsOf(doc: Y.Doc): number[] {
	return [...structsOf(doc).keys()];
}

function structsOf(doc: Y.Doc): Map<number, Struct[]> {
	return (doc.store as unknown as { clients: Map<number, Struct[]> }).clients;
}

/** One line per clock of `client`. Deleted clocks are just deleted: GC may have dropped the rest. */
function clockView(doc: Y.Doc, client: number): string[] {
	const lines: string[] = [];
	for (const struct of structsOf(doc).get(client) ?? []) {
		const elements = struct instanceof Y.Item ? elementsOf(struct) : [];
		for (let offset = 0; offset < struct.length; offset++) {
			if (!(struct instanceof Y.Item) || struct.deleted) {
				lines.push('deleted');
				continue;
			}
			const clock = struct.id.clock + offset;
			const origin = offset > 0 ? `${client}:${clock - 1}` : idText(struct.origin);
			lines.push(
				[
					`live ${elements[offset] ?? '?'}`,
					`in ${parentText(struct)}`,
					`key ${struct.parentSub ?? '-'}`,
					`after ${origin}`,
					`before ${idText(struct.rightOrigin)}`
				].join(' | ')
			);
		}
	}
	return lines;
}

function elementsOf(item: Y.Item): string[] {
	const content = item.content;
	if (content instanceof Y.ContentType) return [`type ${content.type.constructor.name}`];
	if (content instanceof Y.ContentFormat) {
		return [`format ${content.key}=${JSON.stringify(content.value)}`];
	}
	return content.getContent().map((element: unknown) => JSON.stringify(element) ?? 'undefined');
}

function parentText(item: Y.Item): string {
	const parent = item.parent as Y.AbstractType<unknown> | null;
	if (parent === null) return 'nothing';
	if (parent._item === null) return `root ${Y.findRootTypeKey(parent)}`;
	return `item ${idText(parent._item.id)}`;
}

function idText(id: Y.ID | null): string {
	return id === null ? '-' : `${id.client}:${id.clock}`;
}

/** Records of every root the replica has, honest members' keys only, keys sorted. */
function honestRecords(doc: Y.Doc, attackerPrefix: string): string {
	const roots: Record<string, unknown> = {};
	for (const name of [...doc.share.keys()].sort()) {
		let json: Record<string, unknown>;
		try {
			json = doc.getMap(name).toJSON() as Record<string, unknown>;
		} catch {
			continue; // a root some replica defined as another type: no member's records
		}
		const honest = Object.keys(json)
			.filter((key) => !key.startsWith(attackerPrefix))
			.sort()
			.map((key) => [key, sortKeys(json[key])]);
		if (honest.length > 0) roots[name] = Object.fromEntries(honest);
	}
	return JSON.stringify(roots);
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.sort(([a], [b]) => (a < b ? -1 : 1))
			.map(([k, v]) => [k, sortKeys(v)])
	);
}
