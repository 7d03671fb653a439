import { getContext, setContext } from 'svelte';
import type { LiveEvent } from './live-event.svelte';

const KEY = Symbol('live-event');
export const setLiveEvent = (live: LiveEvent) => setContext(KEY, live);
export const getLiveEvent = () => getContext<LiveEvent>(KEY);
