import { createHash } from 'node:crypto';
import { signDeviceId } from '../../server/devices/devices.service';

/**
 * Bench attendees stand for thousands of phones that each got a device id from the hub: their ids are derived from
 * a label and signed with the bench hub's secret here, instead of asking the hub 10,000 times from one address.
 */
export const benchDeviceId = (label: string) =>
	createHash('sha256').update(label).digest().subarray(0, 16).toString('base64url');

export const benchDeviceCookie = (secret: string, label: string) =>
	`dais_device=${signDeviceId(secret, benchDeviceId(label))}`;
