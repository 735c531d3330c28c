import { afterAll, describe, expect, it } from 'vitest';
import { cleanUpRelays, startRelayProcess } from './relay-process';

describe('configuration', () => {
	afterAll(cleanUpRelays);

	it.each([
		['PORT', 'eighty', /PORT must be a whole number/],
		['PORT', '70000', /PORT must be between 0 and 65535/],
		['QUARTIER_MAX_FRAME_BYTES', '-5', /QUARTIER_MAX_FRAME_BYTES must be a whole number/],
		['QUARTIER_ROOM_IDLE_MS', '1.5', /QUARTIER_ROOM_IDLE_MS must be a whole number/],
		['QUARTIER_LOG_LEVEL', 'loud', /QUARTIER_LOG_LEVEL must be one of/],
		['QUARTIER_JOIN_REQUEST_BYTES', '100', /QUARTIER_JOIN_REQUEST_BYTES must be between 1024/],
		['QUARTIER_JOIN_REQUESTS_PER_IP', '0', /QUARTIER_JOIN_REQUESTS_PER_IP must be between 1/],
		['QUARTIER_PENDING_PER_BOARD', 'many', /QUARTIER_PENDING_PER_BOARD must be a whole number/],
		['QUARTIER_PENDING_PER_REQUESTER', '0', /QUARTIER_PENDING_PER_REQUESTER must be between 1/],
		['QUARTIER_PUSH', 'sometimes', /QUARTIER_PUSH must be on or off/],
		['QUARTIER_PUSH_TICK_MS', '5', /QUARTIER_PUSH_TICK_MS must be between 10/]
	])('refuses %s=%s with a clear message and exit code 1', async (name, value, message) => {
		const start = startRelayProcess({ env: { [name]: value } });
		await expect(start).rejects.toThrow(/exited with 1 before listening/);
		await expect(start).rejects.toThrow(message);
	});
});
