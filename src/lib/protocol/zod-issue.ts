/** The part of a zod issue the ack envelope reports (kept structural so the envelope does not depend on zod internals). */
export interface ZodIssue {
	path: readonly PropertyKey[];
	message: string;
	code?: string;
	/** A union's issues, one list per shape it could have taken (zod's `invalid_union`). */
	errors?: readonly (readonly ZodIssue[])[];
}
