/** Text field rules shared by every record kind. */
import type { FieldErrors } from './errors';

export interface TextRule {
	required: boolean;
	max: number;
}

/** Trims and checks one field; writes an error code into `errors` when it fails. */
export function cleanText(
	value: unknown,
	field: string,
	rule: TextRule,
	errors: FieldErrors
): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (rule.required && text.length === 0) errors[field] = 'required';
	else if (text.length > rule.max) errors[field] = 'tooLong';
	return text;
}

/** Lower-case, accent-free words for search: "Démarches" matches "demarches". */
export function searchWords(...texts: string[]): string[] {
	const words = new Set<string>();
	for (const text of texts) {
		const normal = text
			.normalize('NFD')
			.replace(/\p{Diacritic}/gu, '')
			.toLowerCase();
		for (const word of normal.split(/[^\p{L}\p{N}]+/u)) if (word.length > 1) words.add(word);
	}
	return [...words];
}
