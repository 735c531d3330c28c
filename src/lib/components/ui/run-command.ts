/**
 * Runs a user's command (a button, a short form) and turns its failure into words for a
 * role="alert" beside the control: null once done, else the message. Each feature passes its own
 * `words` (aidErrorMessage, coworkErrorMessage, trustErrorMessage…), which read the domain's
 * RuleError / ValidationError / NotAuthorError codes; anything else reads as "not saved".
 */
export type ErrorWords = (error: unknown) => string;

export function runCommand(command: () => unknown, words: ErrorWords): string | null {
	try {
		command();
		return null;
	} catch (error) {
		return words(error);
	}
}

/** The same for a command that finishes later (sealing, signing: WebCrypto is asynchronous). */
export async function runAsyncCommand(
	command: () => Promise<unknown> | undefined,
	words: ErrorWords
): Promise<string | null> {
	try {
		await command();
		return null;
	} catch (error) {
		return words(error);
	}
}

/** `words` that first logs the error, for commands whose failures are worth a look in the console. */
export function logged(words: ErrorWords): ErrorWords {
	return (error) => {
		console.error(error);
		return words(error);
	};
}
