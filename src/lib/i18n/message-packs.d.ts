declare module 'virtual:dais-message-packs' {
	/** Per language (English has none) and area (see scripts/locale-packs.ts), the import of its pack; empty outside the browser build. */
	export const packs: Record<
		string,
		Record<string, () => Promise<{ default: Record<string, (inputs: unknown) => string> }>>
	>;
}
