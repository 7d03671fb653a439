/** Every Socket.IO room name the hub uses, in one place. */
export const rooms = {
	/** Everyone following an event: agenda facts go here. */
	event: (eventId: string) => `event:${eventId}`,
	/** Organisers of an event: presence counts go here. */
	organisers: (eventId: string) => `organisers:${eventId}`,
	/** Attendees who said they are in a hall (the presence count). */
	hall: (eventId: string, roomId: string) => `hall:${eventId}:${roomId}`,
	/** Every socket signed in with one staff credential, so revoking it can disconnect them all. */
	credential: (credentialId: string) => `credential:${credentialId}`,
	/** Everyone with a session open (its Q&A and polls): attendees and hall screens. */
	session: (eventId: string, sessionId: string) => `session:${eventId}:${sessionId}`,
	/** Staff with a session's moderation queue or poll console open. */
	sessionStaff: (eventId: string, sessionId: string) => `session-staff:${eventId}:${sessionId}`,
	/** Every socket of one device, so an asker sees their own question's state change on each open tab. */
	device: (deviceHash: string) => `device:${deviceHash}`
};
