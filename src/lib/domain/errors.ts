/**
 * Commands refuse bad input with field-level codes; the UI turns codes into plain-language
 * messages in the user's language. Domain code never holds user-facing text.
 */
export type FieldErrors = Record<string, string>;

export class ValidationError extends Error {
	constructor(readonly fields: FieldErrors) {
		super(
			`invalid input: ${Object.entries(fields)
				.map(([f, c]) => `${f}=${c}`)
				.join(', ')}`
		);
		this.name = 'ValidationError';
	}
}

/** Someone tried to change a record that is not theirs (DESIGN.md §2.5). */
export class NotAuthorError extends Error {
	constructor(key: string) {
		super(`only the author may change ${key}`);
		this.name = 'NotAuthorError';
	}
}

export class NotFoundError extends Error {
	constructor(key: string) {
		super(`no record ${key}`);
		this.name = 'NotFoundError';
	}
}

/**
 * A command that breaks a booking rule at this moment (the slot is full, the deadline passed…).
 * `code` is translated by the UI like field errors.
 */
export class RuleError extends Error {
	constructor(readonly code: string) {
		super(`refused: ${code}`);
		this.name = 'RuleError';
	}
}
