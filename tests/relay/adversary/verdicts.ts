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

/**
 * Sends the updates in one go (sync step 2 or update frames) and waits for one verdict each.
 * Refusals leave at once and acks after a commit, so with updates that are accepted the verdicts
 * need not come back in the order of the updates: send those one at a time.
 */
export async function sendAll(
	raw: RawClient,
	updates: { update: Uint8Array; step2?: boolean }[]
): Promise<Verdict[]> {
	return (await sendAllFrames(raw, updates)).map(readVerdict);
}

/** The same, answering with the verdict frames themselves (an ack carries the stored state). */
export async function sendAllFrames(
	raw: RawClient,
	updates: { update: Uint8Array; step2?: boolean }[]
): Promise<Uint8Array[]> {
	// The relay acks once on admission: that one answers no update.
	await waitFor(() => verdicts(raw).length > 0, 'the admission ack');
	const before = verdicts(raw).length;
	const want = before + updates.length;
	// Woken by each frame rather than polled: the adversary sends thousands one at a time.
	const answered = new Promise<void>((resolve, reject) => {
		const check = () => {
			if (verdicts(raw).length >= want) done(resolve);
			else if (raw.closeCode !== null) done(() => reject(new Error(`closed (${raw.closeCode})`)));
		};
		const timer = setTimeout(() => done(() => reject(new Error('no verdict within 10 s'))), 10_000);
		const done = (settle: () => void) => {
			clearTimeout(timer);
			raw.socket.off('message', onFrame);
			raw.socket.off('close', onFrame);
			settle();
		};
		// After the client's own handler, which appends the frame to `received`.
		const onFrame = () => setImmediate(check);
		raw.socket.on('message', onFrame);
		raw.socket.on('close', onFrame);
	});
	for (const { update, step2 } of updates) raw.send(syncFrame(update, step2 ? 1 : 2));
	await answered;
	return verdicts(raw).slice(before, want);
}

export async function send(raw: RawClient, update: Uint8Array, step2 = false): Promise<Verdict> {
	const [verdict] = await sendAll(raw, [{ update, step2 }]);
	return verdict ?? 'none';
}
