import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The directory of one real-shaped event per event type (a copy of shared/fixtures/events). */
export const FIXTURE_EVENTS_DIR = join(__dirname, '..', 'fixtures', 'events');

/** Every fixture event, by file name without `.json`. */
export function loadFixtureEvents(): Record<string, { event_type: string; params: Record<string, unknown> }> {
  const events: Record<string, { event_type: string; params: Record<string, unknown> }> = {};
  for (const file of readdirSync(FIXTURE_EVENTS_DIR).filter((f) => f.endsWith('.json'))) {
    events[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(FIXTURE_EVENTS_DIR, file), 'utf8'));
  }
  return events;
}
