import { z } from 'zod';
import { BADGE_BATCH_MAX, BADGE_CODE, normaliseBadgeCode } from './badge-code';
import { ClientId, Slug } from './schemas';

export * from './badge-code';

export const BadgeCode = z
	.string()
	.max(40)
	.transform(normaliseBadgeCode)
	.pipe(z.string().regex(BADGE_CODE, 'a badge code has 10 letters and digits'));

const Write = { clientId: ClientId, eventId: Slug };

export const BadgeRedeem = z.strictObject({ ...Write, code: BadgeCode });
export const BadgeGenerate = z.strictObject({
	...Write,
	count: z.number().int().min(1).max(BADGE_BATCH_MAX)
});
/** An organiser frees a badge for another phone: by the code on the attendee's badge, or by its serial number. */
export const BadgeRelease = z.strictObject({
	...Write,
	badge: z.union([
		z.strictObject({ code: BadgeCode }),
		z.strictObject({ serial: z.number().int().positive() })
	])
});
export const BadgeSummary = z.strictObject({ eventId: Slug });

export interface GeneratedBadge {
	serial: number;
	/** The code in clear: in this answer only (the hub keeps a keyed hash). */
	code: string;
}

export interface BadgeGenerateResult {
	/** Empty when a retried generation is answered from the ledger: the codes went out with the first answer. */
	badges: GeneratedBadge[];
	first: number;
	last: number;
}

export interface BadgeSummaryResult {
	total: number;
	redeemed: number;
}
