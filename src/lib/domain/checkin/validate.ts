/**
 * Shape of a check-in record as stored in the doc (issue 18). Loose like every record: a newer
 * client's extra fields survive. No text at all: a check-in says only who, what and when, so it
 * costs a few dozen bytes in a packet that must fit a QR code.
 */
import * as v from 'valibot';
import { recordKeyShape, time } from '../fields';

export const CheckinRecord = v.looseObject({
	schemaVersion: v.number(),
	/** The booking or engagement key this member says happened. */
	target: recordKeyShape,
	at: time
});
