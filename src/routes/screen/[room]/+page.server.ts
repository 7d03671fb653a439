import { error, redirect } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { credentialScope, inScope } from '../../../../server/access/scope';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const staff = locals.staff;
	if (!staff || (staff.role !== 'screen' && staff.role !== 'organiser')) redirect(303, '/screen');
	// A hall's screen link shows that hall only.
	if (!inScope(credentialScope(staff), params.room)) redirect(303, `/screen/${staff.roomId}`);
	const snapshot = locals.ctx.services.events.snapshot(staff.eventId);
	const room = snapshot.rooms.find((r) => r.id === params.room);
	if (!room) error(404, { message: `No hall "${params.room}" in this event` });
	const joinUrl = `${locals.ctx.publicUrl ?? url.origin}/e/${snapshot.event.code}`;
	const qr = await QRCode.toDataURL(joinUrl, { errorCorrectionLevel: 'M', margin: 1, width: 600 });
	return { snapshot, roomId: room.id, joinUrl, qr };
};
