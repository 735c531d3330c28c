/** Validation of what a person types about themselves (onboarding and profile page). */
import { ValidationError, type FieldErrors } from '../errors';
import { cleanText } from '../text';
import { MEMBER_LIMITS } from './validate';

export interface ProfileInput {
	name: string;
	bio: string;
}

export function validateProfileInput(input: ProfileInput): ProfileInput {
	const errors: FieldErrors = {};
	const clean = {
		name: cleanText(input.name, 'name', { required: true, max: MEMBER_LIMITS.name }, errors),
		bio: cleanText(input.bio, 'bio', { required: false, max: MEMBER_LIMITS.bio }, errors)
	};
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return clean;
}
