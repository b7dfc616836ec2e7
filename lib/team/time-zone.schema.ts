import { z } from 'zod';

/**
 * IANA zone names as Intl knows them, plus UTC, which Intl accepts but does not list.
 * The database checks the same name against its own zone list (check_member_time_zone).
 */
function knownTimeZones(): readonly string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

const byLowerCase = new Map(knownTimeZones().map((zone) => [zone.toLowerCase(), zone]));

// Region/City names and the few bare ones (UTC, EST5EDT); Intl also takes offsets such as "+01:00", which are not zones.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

export function isIanaTimeZone(zone: string): boolean {
  if (!ZONE_NAME.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Intl matches zone names in any case, the database only in their own: "europe/london"
 * is stored as "Europe/London". Aliases stay as written (Intl would turn "EST" into
 * "America/Panama").
 */
function properCase(zone: string): string {
  return byLowerCase.get(zone.toLowerCase()) ?? zone;
}

export const TIME_ZONE_MESSAGE = 'Choose a time zone from the list, such as Europe/London';

/** Refuses what is not a zone: nothing falls back to UTC any more. */
export const timeZoneSchema = z
  .string({ message: TIME_ZONE_MESSAGE })
  .trim()
  .min(1, TIME_ZONE_MESSAGE)
  .max(64, TIME_ZONE_MESSAGE)
  .refine(isIanaTimeZone, TIME_ZONE_MESSAGE)
  .transform(properCase);

/** The zones a form offers, with the member's current one kept even if Intl lists it under another name. */
export function timeZoneOptions(current?: string): string[] {
  const zones = [...knownTimeZones()];
  if (current && !zones.includes(current)) zones.push(current);
  return zones.sort((a, b) => a.localeCompare(b));
}
