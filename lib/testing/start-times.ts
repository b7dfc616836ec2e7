import { randomInt } from 'node:crypto';

/** The longest session (MAX_DURATION_MINUTES): a slot this long holds any session a test books. */
const SLOT_MS = 4 * 60 * 60_000;
const FIRST_SLOT = Date.UTC(2031, 0, 1);
/** Slots from 2031 to 9000: about 15 million, so sessions of different test files (other processes) meet by chance rarely. */
const SLOT_COUNT = Math.floor((Date.UTC(9000, 0, 1) - FIRST_SLOT) / SLOT_MS);
const slotsTaken = new Set<number>();
/**
 * A distinct future start time for a session. Sessions of one therapist or one
 * client must not overlap (sessions_*_no_overlap), and tests share the demo
 * therapists, so each start gets a slot of its own: never the same twice in
 * this process, chosen at random across processes.
 */
export function nextStartTime(): string {
  let slot: number;
  do slot = randomInt(SLOT_COUNT);
  while (slotsTaken.has(slot));
  slotsTaken.add(slot);
  return new Date(FIRST_SLOT + slot * SLOT_MS).toISOString();
}
