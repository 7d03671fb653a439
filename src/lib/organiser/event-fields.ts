import { m } from '$lib/paraglide/messages';
import type { EventDetail } from './import';

/** The event's own fields as the console names them: its details panel, an import's changes, the audit log. */
export const EVENT_FIELD_LABEL: Record<EventDetail, () => string> = {
	title: m.org_event_field_title,
	subtitle: m.org_event_field_subtitle,
	city: m.org_event_field_city,
	venue: m.org_event_field_venue,
	description: m.org_event_field_description,
	organisers: m.org_event_field_organisers,
	funders: m.org_event_field_funders,
	timeZoneNames: m.org_event_field_zone_names
};
