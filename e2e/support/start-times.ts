import { randomInt } from 'node:crypto';
import { nextStartTime } from '@/lib/testing/start-times';

/** What the booking form's date and time fields take (read in the therapist's zone). */
export interface FormStart {
  date: string;
  time: string;
}

/**
 * A future start of this test's own: a demo therapist cannot be booked twice
 * at one time, and a spec may run more than once on one stack (--repeat-each).
 */
export function nextFormStart(): FormStart {
  const iso = nextStartTime();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/**
 * A past start on a day of its own, 10 to 700 days ago: before the demo seed's
 * past week, and recent enough to be on the first page of the Past tab.
 */
export function pastFormStart(): FormStart {
  const day = new Date(Date.now() - randomInt(10, 700) * 24 * 60 * 60_000);
  return { date: day.toISOString().slice(0, 10), time: '09:00' };
}
