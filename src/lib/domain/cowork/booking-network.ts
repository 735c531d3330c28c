/**
 * How updates travel between the replicas of a booking schedule (booking-schedule.ts), in any
 * order, as issue 18 says they may:
 * - messages (a replica's local updates, one per other replica) are delivered in any order, some
 *   twice, some never — a lost message's data comes later by a sync, as it would by the relay;
 * - packets: a replica's bundle of *one member's* writes (memberChanges, as phones hand them over
 *   at the door), handed to any replica at any time, fresh or built long before;
 * - syncs: both ways between two replicas (the relay's sync steps on reconnection).
 * Every replica applies all it receives through its causal gate, as the phone does with packets.
 * Test-only code (eslint lets these files import the sync layer).
 */
import * as Y from 'yjs';
import { CausalGate } from '../../sync/causal-gate';
import { clientOwners, memberChanges } from '../../sync/handover/member-changes';
import { checkUpdate } from '../../sync/write-scope';
import type { prng } from '../test-helpers';

interface Node {
	index: number;
	doc: Y.Doc;
	member: string;
	online: boolean;
}

interface Message {
	from: number;
	to: number;
	update: Uint8Array;
}

interface Packet {
	from: number;
	member: string;
	update: Uint8Array;
	clients: number[];
}

/** Origin of updates delivered between replicas (they send nothing on). */
const NET = Symbol('net');

/** At most this many packets are kept to be handed over late. */
const KEPT_PACKETS = 8;

export class Network {
	private readonly inflight: Message[] = [];
	private readonly gates: CausalGate[];
	private readonly packets: Packet[] = [];

	constructor(
		private readonly nodes: readonly Node[],
		private readonly rnd: ReturnType<typeof prng>,
		private readonly history: string[]
	) {
		this.gates = nodes.map((n) => new CausalGate(n.doc, { origin: NET }));
		for (const n of nodes) {
			n.doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin === NET) return;
				for (const other of nodes) {
					if (other !== n) this.inflight.push({ from: n.index, to: other.index, update });
				}
			});
		}
	}

	/** Everything sent so far reaches everyone, in order (the schedule's setup). */
	deliverAllInOrder(): void {
		for (const m of this.inflight.splice(0)) this.receive(m.to, m.update);
	}

	/**
	 * A few messages between online replicas, in any order: each may be delivered, delivered and
	 * kept to arrive again, or lost. Returns the replicas that received something.
	 */
	deliverSome(): Set<number> {
		const changed = new Set<number>();
		for (let n = 1 + this.rnd.int(4); n > 0; n--) {
			const open = this.inflight.filter(
				(m) => this.nodes[m.from]!.online && this.nodes[m.to]!.online
			);
			const message = this.rnd.pick(open);
			if (!message) break;
			const roll = this.rnd.next();
			const fate = roll < 0.1 ? 'lost' : roll < 0.25 ? 'duplicated' : 'delivered';
			if (fate !== 'duplicated') this.inflight.splice(this.inflight.indexOf(message), 1);
			if (fate !== 'lost') {
				this.receive(message.to, message.update);
				changed.add(message.to);
			}
			this.history.push(
				`deliver ${message.from}→${message.to}${fate === 'delivered' ? '' : ` (${fate})`}`
			);
		}
		return changed;
	}

	/**
	 * One member's writes as a replica holds them, handed to another replica — offline or not, at
	 * the door — now, or a packet built earlier. Returns the replica that received it.
	 */
	handPacket(): number | null {
		const late = this.packets.length > 0 && this.rnd.next() < 0.4;
		let packet: Packet | undefined;
		if (late) {
			packet = this.packets.splice(this.rnd.int(this.packets.length), 1)[0];
		} else {
			const from = this.rnd.pick(this.nodes)!;
			const member = this.rnd.pick([...new Set(this.nodes.map((n) => n.member))])!;
			const { update, clients } = memberChanges(from.doc, member);
			if (clients.length === 0) return null;
			packet = { from: from.index, member, update, clients };
			// The same bundle may be handed again, later, to someone else.
			if (this.rnd.next() < 0.5) this.packets.push(packet);
			if (this.packets.length > KEPT_PACKETS) this.packets.shift();
		}
		if (!packet) return null;
		const to = this.rnd.pick(this.nodes.filter((n) => n.index !== packet.from));
		if (!to) return null;
		const outcome = this.gates[to.index]!.offer(packet.update, {
			admit: (update) => this.inScope(to.doc, update, packet)
		});
		// Honest members' packets always pass the relay's write scope, once they integrate.
		if (outcome === 'refused') throw new Error(`a packet of ${packet.member} was refused`);
		this.history.push(
			`packet of ${packet.member.slice(0, 6)} from ${packet.from}→${to.index}${late ? ' (late)' : ''}: ${outcome}`
		);
		return to.index;
	}

	/** The write scope a phone checks a packet against (check-packet.ts), the author as sender. */
	private inScope(doc: Y.Doc, update: Uint8Array, packet: Packet): boolean {
		const owners = clientOwners(doc);
		const listed = new Set(packet.clients);
		const scope = checkUpdate(doc, update, {
			sender: packet.member,
			ownerOf: (client) => owners.get(client) ?? (listed.has(client) ? packet.member : undefined)
		});
		if (!scope.ok) this.history.push(`packet refused: ${scope.reason} ${scope.detail}`);
		return scope.ok;
	}

	/** The relay's catch-up between two replicas, both ways. */
	syncBothWays(a: number, b: number): void {
		const [da, db] = [this.nodes[a]!.doc, this.nodes[b]!.doc];
		this.receive(b, Y.encodeStateAsUpdate(da, Y.encodeStateVector(db)));
		this.receive(a, Y.encodeStateAsUpdate(db, Y.encodeStateVector(da)));
	}

	/** Updates that wait in some replica's gate for older data. */
	heldCount(): number {
		return this.gates.reduce((sum, g) => sum + g.summary.count, 0);
	}

	private receive(to: number, update: Uint8Array): void {
		const outcome = this.gates[to]!.offer(update);
		// Honest replicas write only what integrates somewhere: anything else is a bug here.
		if (outcome === 'malformed' || outcome === 'incomplete' || outcome === 'dropped') {
			throw new Error(`replica ${to} could not take an update: ${outcome}`);
		}
	}
}
