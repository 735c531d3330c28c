/**
 * Signature checks of one board (member profiles and ratings), in one cache. WebCrypto is async,
 * so a new signature is checked in the background and its feature refreshes once the whole batch
 * is known (one refresh, not one per record).
 *
 * A check is only reused for the exact bytes it covered: a record rewritten with other signed
 * fields (stars, a comment, a profile's encryption key) under its old signature is a new entry,
 * checked again — so a hostile relay cannot swap a member's encryption key behind a signature
 * this phone accepted.
 */
import { toBase64UrlEncoded } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';

/** `<record key>:<SHA-256 of the signed payload>:<signature>`. */
export function signatureCheckKey(
	recordKey: string,
	payload: Uint8Array,
	signature: string
): string {
	return `${recordKey}:${toBase64UrlEncoded(digest(payload))}:${signature}`;
}

export type CheckStatus = 'valid' | 'invalid' | 'checking';

export class SignatureChecks {
	private readonly results = new Map<string, CheckStatus>();

	/** What is known of this check key; undefined when it was never asked for. */
	status(key: string): CheckStatus | undefined {
		return this.results.get(key);
	}

	/**
	 * Starts the checks of `batch` not already known or under way; `done` runs once when all of
	 * them are known (not at all when none was new).
	 */
	checkAll(
		batch: Iterable<{ key: string; verify: () => Promise<boolean> }>,
		done: () => void,
		reportError: (error: unknown) => void
	): void {
		const started: Promise<unknown>[] = [];
		for (const { key, verify } of batch) {
			if (this.results.has(key)) continue;
			this.results.set(key, 'checking');
			started.push(verify().then((ok) => this.results.set(key, ok ? 'valid' : 'invalid')));
		}
		if (started.length > 0) Promise.all(started).then(done).catch(reportError);
	}
}
