/**
 * Prometheus metrics at /metrics. One registry per relay instance (tests may run several).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface RelayMetrics {
	registry: Registry;
	updatesIn: Counter;
	updatesOut: Counter;
	refused: Counter<'reason'>;
	bytesStored: Counter;
	commitSeconds: Histogram;
	authFailures: Counter<'reason'>;
	pushesSent: Counter<'kind'>;
	pushesFailed: Counter<'reason'>;
	pushesHeld: Counter;
	pushSubscriptionsDropped: Counter<'reason'>;
	packetsAccepted: Counter;
	packetsRefused: Counter<'reason'>;
	/** Room messages to and from the other relay instances (fanout/), by kind. */
	fanoutPublished: Counter<'kind'>;
	fanoutReceived: Counter<'kind'>;
	/** Times a loaded room read its log again after announcements may have been lost. */
	fanoutResyncs: Counter;
}

export function createMetrics(
	sizes: { connections(): number; rooms(): number },
	instanceId = 'relay'
): RelayMetrics {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry, prefix: 'quartier_' });
	// Several instances behind one balancer: each says which it is (an info metric, always 1).
	new Gauge({
		name: 'quartier_instance_info',
		help: 'This relay instance (QUARTIER_INSTANCE_ID)',
		labelNames: ['instance'],
		registers: [registry]
	}).set({ instance: instanceId }, 1);
	new Gauge({
		name: 'quartier_connections',
		help: 'Open websocket connections',
		registers: [registry],
		collect() {
			this.set(sizes.connections());
		}
	});
	new Gauge({
		name: 'quartier_rooms_loaded',
		help: 'Boards loaded in memory',
		registers: [registry],
		collect() {
			this.set(sizes.rooms());
		}
	});
	return {
		registry,
		updatesIn: new Counter({
			name: 'quartier_updates_in_total',
			help: 'Updates received that changed a board',
			registers: [registry]
		}),
		updatesOut: new Counter({
			name: 'quartier_updates_out_total',
			help: 'Updates forwarded to other connections',
			registers: [registry]
		}),
		refused: new Counter({
			name: 'quartier_refused_total',
			help: 'Messages refused, by reason',
			labelNames: ['reason'],
			registers: [registry]
		}),
		bytesStored: new Counter({
			name: 'quartier_bytes_stored_total',
			help: 'Bytes of updates committed to SQLite',
			registers: [registry]
		}),
		commitSeconds: new Histogram({
			name: 'quartier_commit_seconds',
			help: 'Time to commit one update to SQLite (fsync included)',
			// From a fast SSD (~0.1 ms) to a struggling SD card (~1 s).
			buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
			registers: [registry]
		}),
		authFailures: new Counter({
			name: 'quartier_auth_failures_total',
			help: 'Connections refused before joining a board, by reason',
			labelNames: ['reason'],
			registers: [registry]
		}),
		pushesSent: new Counter({
			name: 'quartier_pushes_sent_total',
			help: 'Pushes a push service accepted, by kind (notice, reminder, digest)',
			labelNames: ['kind'],
			registers: [registry]
		}),
		pushesFailed: new Counter({
			name: 'quartier_pushes_failed_total',
			help: 'Pushes that could not be delivered to a push service, by reason',
			labelNames: ['reason'],
			registers: [registry]
		}),
		pushesHeld: new Counter({
			name: 'quartier_pushes_held_total',
			help: 'Pushes held until the end of a subscription’s quiet hours',
			registers: [registry]
		}),
		pushSubscriptionsDropped: new Counter({
			name: 'quartier_push_subscriptions_dropped_total',
			help: 'Push subscriptions dropped, by reason (gone, not-member)',
			labelNames: ['reason'],
			registers: [registry]
		}),
		packetsAccepted: new Counter({
			name: 'quartier_packets_accepted_total',
			help: 'Signed packets handed over by another member and stored as their author’s writes',
			registers: [registry]
		}),
		packetsRefused: new Counter({
			name: 'quartier_packets_refused_total',
			help: 'Signed packets refused (forged, taken-back device, another board…), by reason',
			labelNames: ['reason'],
			registers: [registry]
		}),
		fanoutPublished: new Counter({
			name: 'quartier_fanout_published_total',
			help: 'Room messages published to the other relay instances, by kind',
			labelNames: ['kind'],
			registers: [registry]
		}),
		fanoutReceived: new Counter({
			name: 'quartier_fanout_received_total',
			help: 'Room messages received from the other relay instances, by kind',
			labelNames: ['kind'],
			registers: [registry]
		}),
		fanoutResyncs: new Counter({
			name: 'quartier_fanout_resyncs_total',
			help: 'Loaded rooms that read their log again because announcements may have been lost',
			registers: [registry]
		})
	};
}
