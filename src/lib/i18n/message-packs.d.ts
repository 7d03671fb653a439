declare module 'virtual:dais-message-packs' {
	/** Per language (English has none) and area, the import of its pack; empty outside the browser build. */
	export const packs: Record<
		string,
		Record<'attendee' | 'staff', () => Promise<{ default: Record<string, (inputs: unknown) => string> }>>
	>;
}
