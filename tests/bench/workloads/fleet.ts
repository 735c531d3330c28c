/**
 * A fleet of raw clients in rooms, sending prebuilt updates at a fixed aggregate rate and timing
 * every update from its send to its arrival at each other client of its room (fan-out latency).
 * Shared by R1 (steady load) and R2 (ramp).
 */
import { randomBytes } from 'node:crypto';
import { RawClient } from '../lib/client';
import { newMember } from '../lib/members';
import { LagMonitor, Samples } from '../lib/stats';
import { allStructs, firstStruct, UpdateBuilder } from '../lib/updates';
import { cpuSeconds, UsageSampler, sleep, type ServerPids, type UsageSummary } from '../lib/usage';
import * as Y from 'yjs';
import type { Peer, RoomRef } from '../peers/types';

interface Sender {
	client: RawClient;
	builder: UpdateBuilder;
	room: number;
	queue: Uint8Array[];
	clocks: number[];
	next: number;
	/** Send time by clock, to time each arrival. */
	sentAt: number[];
	/** Send times not yet acknowledged, oldest first. */
	unacked: number[];
}

export interface PhaseResult {
	rate: number;
	seconds: number;
	intended: number;
	sent: number;
	expected: number;
	received: number;
	latency: Samples;
	ackLatency: Samples;
	lagP99Ms: number;
	/** The generator's own CPU over the window, % of its core. */
	generatorCpu: number;
	usage: UsageSummary;
	closedSockets: number;
}

export const randomRoom = (): RoomRef => ({
	id: randomBytes(16).toString('base64url'),
	token: randomBytes(32).toString('base64url')
});

export class Fleet {
	readonly rooms: RoomRef[];
	/** Every update sent to each room, for the correctness check. */
	readonly sentByRoom: Uint8Array[][];
	private readonly senders: Sender[] = [];
	private readonly byClientId = new Map<number, Sender>();
	private phase: { latency: Samples; ackLatency: Samples; received: number } | null = null;
	private closed = 0;

	/** Where clients connect: one relay, or the instances of one (a room's clients spread over them). */
	readonly bases: string[];

	constructor(
		readonly peer: Peer,
		base: string | string[],
		roomCount: number
	) {
		this.bases = typeof base === 'string' ? [base] : base;
		this.rooms = Array.from({ length: roomCount }, randomRoom);
		this.sentByRoom = this.rooms.map(() => []);
	}

	get size(): number {
		return this.senders.length;
	}

	/** Connects `count` clients spread evenly over the rooms, `parallel` at a time. */
	async connect(count: number, parallel = 250): Promise<void> {
		const pending: Sender[] = [];
		for (let i = 0; i < count; i++) {
			const member = newMember();
			const room = i % this.rooms.length;
			const base = this.bases[Math.floor(i / this.rooms.length) % this.bases.length]!;
			const client = new RawClient(this.peer.wire, base, this.rooms[room] as RoomRef, member, {
				onUpdate: (c, update) => this.onUpdate(c, update),
				onAck: (c) => this.onAck(c),
				onClose: () => this.closed++
			});
			const sender: Sender = {
				client,
				builder: new UpdateBuilder(member),
				room,
				queue: [],
				clocks: [],
				next: 0,
				sentAt: [],
				unacked: []
			};
			this.senders.push(sender);
			this.byClientId.set(member.clientId, sender);
			pending.push(sender);
		}
		for (let i = 0; i < pending.length; i += parallel) {
			await Promise.all(pending.slice(i, i + parallel).map((s) => s.client.connect()));
		}
	}

	/** Sends `rate` updates/s in total for `seconds`, round-robin over the clients. */
	async run(
		rate: number,
		seconds: number,
		graceMs = 5000,
		serverPid: ServerPids
	): Promise<PhaseResult> {
		const intended = Math.round(rate * seconds);
		this.prepare(Math.ceil(intended / this.senders.length));
		const phase = { latency: new Samples(), ackLatency: new Samples(), received: 0 };
		this.phase = phase;
		const closedBefore = this.closed;
		const roomSizes = this.rooms.map(() => 0);
		for (const s of this.senders) roomSizes[s.room] = (roomSizes[s.room] ?? 0) + 1;
		let sent = 0;
		let expected = 0;
		const usage = new UsageSampler(serverPid);
		const generatorStart = cpuSeconds(process.pid);
		const lag = new LagMonitor();
		const start = performance.now();
		await new Promise<void>((resolve) => {
			const timer = setInterval(() => {
				const elapsed = performance.now() - start;
				const due = Math.min(intended, Math.floor((elapsed / 1000) * rate));
				for (; sent < due; sent++) {
					const sender = this.senders[sent % this.senders.length] as Sender;
					this.send(sender);
					expected += (roomSizes[sender.room] ?? 1) - 1;
				}
				if (elapsed >= seconds * 1000) {
					clearInterval(timer);
					resolve();
				}
			}, 2);
		});
		const lagP99Ms = lag.stop();
		const summary = usage.stop();
		const generatorCpu = ((cpuSeconds(process.pid) - generatorStart) / seconds) * 100;
		const deadline = performance.now() + graceMs;
		while (phase.received < expected && performance.now() < deadline) await sleep(20);
		this.phase = null;
		this.compact();
		return {
			rate,
			seconds,
			intended,
			sent,
			expected,
			received: phase.received,
			latency: phase.latency,
			ackLatency: phase.ackLatency,
			lagP99Ms,
			generatorCpu,
			usage: summary,
			closedSockets: this.closed - closedBefore
		};
	}

	/**
	 * Between phases: drops sent updates from the queues and folds each room's sent updates into
	 * one, so the generator's heap (and its GC pauses) does not grow with the run.
	 */
	private compact(): void {
		for (const s of this.senders) {
			s.queue = s.queue.slice(s.next);
			s.clocks = s.clocks.slice(s.next);
			s.next = 0;
		}
		for (let i = 0; i < this.sentByRoom.length; i++) {
			const sent = this.sentByRoom[i] ?? [];
			if (sent.length > 1) this.sentByRoom[i] = [Y.mergeUpdates(sent)];
		}
	}

	/** Builds each client's next updates with its real Y.Doc, before the clock starts. */
	private prepare(perClient: number): void {
		for (const s of this.senders) {
			const missing = perClient - (s.queue.length - s.next);
			if (missing <= 0) continue;
			for (const update of s.builder.newPosts(missing)) {
				s.queue.push(update);
				s.clocks.push(firstStruct(update)?.clock ?? -1);
			}
		}
	}

	private send(s: Sender): void {
		const update = s.queue[s.next];
		const clock = s.clocks[s.next];
		if (update === undefined || clock === undefined) return;
		s.next++;
		const now = performance.now();
		s.sentAt[clock] = now;
		s.unacked.push(now);
		this.sentByRoom[s.room]?.push(update);
		s.client.sendUpdate(update);
	}

	private onUpdate(receiver: RawClient, update: Uint8Array): void {
		const phase = this.phase;
		if (phase === null) return;
		const now = performance.now();
		const first = firstStruct(update);
		const structs = first && first.structs === 1 ? [{ ...first, length: 1 }] : allStructs(update);
		for (const { client, clock, length } of structs) {
			const sender = this.byClientId.get(client);
			// Servers that echo an update to its own sender: not a fan-out delivery.
			if (sender === undefined || sender.client === receiver) continue;
			for (let c = clock; c < clock + length; c++) {
				const sentAt = sender.sentAt[c];
				if (sentAt === undefined) continue;
				phase.latency.add(now - sentAt);
				phase.received++;
			}
		}
	}

	private onAck(client: RawClient): void {
		const sender = this.byClientId.get(client.member.clientId);
		const sentAt = sender?.unacked.shift();
		if (sentAt !== undefined) this.phase?.ackLatency.add(performance.now() - sentAt);
	}

	close(): void {
		for (const s of this.senders) {
			s.client.close();
			s.builder.destroy();
		}
	}
}
