/** Sending raw updates on an admitted socket and reading the relay's answer to each. */
import { isRefused, isVerdict, refusal, syncFrame, waitFor, type RawClient } from '../clients';

/** 'accepted' (an ack), or the reason of the refusal. */
export type Verdict = string;

/** Acks and refusals, in the order the relay sent them. */
export function verdicts(raw: RawClient): Uint8Array[] {
	return raw.received.filter(isVerdict);
}

export function readVerdict(frame: Uint8Array): Verdict {
	return isRefused(frame) ? refusal(frame).reason : 'accepted';
}

/** Sends the updates in one go (sync step 2 or update frames) and waits for one verdict each. */
export async function sendAll(
	raw: RawClient,
	updates: { update: Uint8Array; step2?: boolean }[]
): Promise<Verdict[]> {
	// The relay acks once on admission: that one answers no update.
	await waitFor(() => verdicts(raw).length > 0, 'the admission ack');
	const before = verdicts(raw).length;
	for (const { update, step2 } of updates) raw.send(syncFrame(update, step2 ? 1 : 2));
	await waitFor(
		() => verdicts(raw).length >= before + updates.length || raw.closeCode !== null,
		() => `${updates.length} verdicts`
	);
	if (raw.closeCode !== null) throw new Error(`the relay closed the socket (${raw.closeCode})`);
	return verdicts(raw)
		.slice(before, before + updates.length)
		.map(readVerdict);
}

export async function send(raw: RawClient, update: Uint8Array, step2 = false): Promise<Verdict> {
	const [verdict] = await sendAll(raw, [{ update, step2 }]);
	return verdict ?? 'none';
}
