/**
 * Delivers pushes to subscriptions: held when the subscription's quiet hours say so (one row per
 * board and endpoint, released as one push), sent otherwise. A subscription the push service
 * says is gone is dropped at once; any other failure is logged (rate-limited) and counted, and
 * never reaches a room or a caller.
 */
import type { Logger } from 'pino';
import type { RelayMetrics } from '../metrics';
import { rateLimitedLog, type RateLimitedLog } from '../rate-limited-log';
import type { Clock } from './clock';
import type { HeldPushes, Urgency } from './held-pushes';
import { boardPath, pushPayload } from './payload';
import { releaseTime } from './quiet-hours';
import { sendPush, type SenderOptions } from './sender';
import type { Subscription, SubscriptionStore } from './subscription-store';
import type { PushKind } from './words';

export interface Outgoing {
	kind: PushKind;
	path: string;
	urgency: Urgency;
}

export class Delivery {
	private readonly warn: RateLimitedLog;

	constructor(
		private readonly subscriptions: SubscriptionStore,
		private readonly held: HeldPushes,
		private readonly sender: SenderOptions,
		private readonly metrics: RelayMetrics,
		log: Logger,
		private readonly clock: Clock
	) {
		this.warn = rateLimitedLog(log, 'warn');
	}

	/** Sends now, or holds until the subscription's quiet hours end. */
	async deliver(subscription: Subscription, boardName: string, push: Outgoing): Promise<void> {
		const now = this.clock();
		const releaseAt = releaseTime(now, subscription.quietHours, subscription.timeZone);
		if (releaseAt > now) {
			await this.held.hold({
				boardId: subscription.boardId,
				endpoint: subscription.endpoint,
				kind: push.kind,
				path: push.path,
				urgency: push.urgency,
				releaseAt
			});
			this.metrics.pushesHeld.inc();
			return;
		}
		await this.send(subscription, boardName, push, 1);
	}

	/** What quiet hours held, as one push: the push itself when only one waited. */
	async sendHeld(subscription: Subscription, boardName: string, push: Outgoing, count: number) {
		const collapsed: Outgoing =
			count > 1
				? { kind: 'digest', path: boardPath(subscription.boardId), urgency: push.urgency }
				: push;
		await this.send(subscription, boardName, collapsed, count);
	}

	async drop(subscription: Subscription, reason: 'gone' | 'not-member'): Promise<void> {
		await this.subscriptions.remove(subscription.boardId, subscription.endpoint);
		this.metrics.pushSubscriptionsDropped.inc({ reason });
	}

	private async send(subscription: Subscription, boardName: string, push: Outgoing, count: number) {
		const payload = pushPayload(
			subscription.locale,
			push.kind,
			subscription.boardId,
			boardName,
			push.path,
			count
		);
		const outcome = await sendPush(subscription, payload, push.urgency, this.sender);
		if (outcome.kind === 'sent') {
			this.metrics.pushesSent.inc({ kind: kindLabel(push.kind) });
		} else if (outcome.kind === 'gone') {
			await this.drop(subscription, 'gone');
		} else {
			this.metrics.pushesFailed.inc({ reason: outcome.reason });
			this.warn(
				`push-${outcome.reason}`,
				{ board: subscription.boardId, reason: outcome.reason },
				'a push could not be delivered'
			);
		}
	}
}

/** Few label values: a metric per notice kind would say what happens on boards. */
function kindLabel(kind: PushKind): string {
	if (kind === 'digest') return 'digest';
	return kind.startsWith('reminder') ? 'reminder' : 'notice';
}
