import type { RequireAccess } from './access/scope';
import type { Clock } from './clock';
import type { EventStore } from './event/event.store';

/** What every domain service that acts within an event is built with, besides its own store. */
export interface DomainDeps {
	/** The event's rooms and objectives, which other domains refer to. */
	events: EventStore;
	clock: Clock;
	/** The one place that decides whether a scope reaches a thing. */
	requireAccess: RequireAccess;
}
