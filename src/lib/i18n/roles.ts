import { m } from '$lib/paraglide/messages';
import type { StaffRole } from '$lib/protocol';

type Role = StaffRole | 'attendee';

const IN_SENTENCE: Record<Role, () => string> = {
	organiser: m.role_organiser,
	moderator: m.role_moderator,
	chair: m.role_chair,
	screen: m.role_screen,
	attendee: m.role_attendee
};

const ON_ITS_OWN: Record<StaffRole | 'host', () => string> = {
	host: m.org_role_host,
	organiser: m.org_role_organiser,
	moderator: m.org_role_moderator,
	chair: m.org_role_chair,
	screen: m.org_role_screen
};

/** A role as a word inside a sentence ("Signed in as moderator"): never the raw role id. */
export const roleName = (role: Role) => IN_SENTENCE[role]();

/** A role on its own, as a label or a menu choice ("Moderator"). */
export const roleTitle = (role: StaffRole | 'host') => ON_ITS_OWN[role]();
