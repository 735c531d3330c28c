/**
 * The "Demander à rejoindre" form: my name, a short bio and one answer per question of the
 * admins, checked before anything is signed. Error codes per field (`name`, `bio`, `answer0`…):
 * "required", "tooLong".
 */
import { ValidationError, type FieldErrors } from '../errors';
import { cleanText } from '../text';
import type { DeviceCertificate } from '../identity/device-chain';
import { JOIN_LIMITS, type JoinRequestBody } from './request';

export interface JoinRequestInput {
	name: string;
	bio: string;
	answers: string[];
}

export function validateJoinRequestInput(
	input: JoinRequestInput,
	questionCount: number
): JoinRequestInput {
	const errors: FieldErrors = {};
	const name = cleanText(input.name, 'name', { required: true, max: JOIN_LIMITS.name }, errors);
	const bio = cleanText(input.bio, 'bio', { required: false, max: JOIN_LIMITS.bio }, errors);
	const answers = Array.from({ length: questionCount }, (_, i) =>
		cleanText(input.answers[i], `answer${i}`, { required: true, max: JOIN_LIMITS.answer }, errors)
	);
	if (Object.keys(errors).length > 0) throw new ValidationError(errors);
	return { name, bio, answers };
}

/** The body the device signs, from the checked form and the device's keys. */
export function joinRequestBody(
	boardId: string,
	input: JoinRequestInput,
	device: Pick<JoinRequestBody, 'memberId' | 'deviceKey' | 'encryptionKey'> & {
		chain: DeviceCertificate[];
	},
	now: number
): JoinRequestBody {
	return {
		v: 1,
		boardId,
		memberId: device.memberId,
		deviceKey: device.deviceKey,
		encryptionKey: device.encryptionKey,
		chain: device.chain as JoinRequestBody['chain'],
		name: input.name,
		bio: input.bio,
		answers: input.answers,
		at: now
	};
}
