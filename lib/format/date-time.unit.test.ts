import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDate, formatDateTime, todayIn } from './date-time';

describe('date formatting in the therapist’s zone', () => {
  it('shows an instant as wall-clock time in the zone, with the zone named', () => {
    // Punctuation between the parts is ICU's choice and varies by version; the parts are ours.
    expect(formatDateTime('2026-07-01T12:00:00Z', 'Europe/London')).toMatch(/^Wed,? 1 Jul 2026,? 13:00 BST$/);
    expect(formatDateTime('2026-07-01T12:00:00Z', 'America/New_York')).toMatch(/^Wed,? 1 Jul 2026,? 08:00 (EDT|GMT-4)$/);
    expect(formatDateTime('2026-12-01T12:00:00Z', 'Europe/London')).toMatch(/^Tue,? 1 Dec 2026,? 12:00 GMT$/);
  });

  it('gives the date in the zone, which may be another day than in UTC', () => {
    expect(formatDate('2026-07-01T02:00:00Z', 'America/New_York')).toBe('30 Jun 2026');
    expect(todayIn('America/New_York', new Date('2026-07-01T02:00:00Z'))).toBe('2026-06-30');
  });

  it('shows a calendar date as written, never shifted by a zone', () => {
    expect(formatCalendarDate('1988-03-14')).toBe('14 Mar 1988');
    expect(formatCalendarDate('not a date')).toBe('not a date');
  });
});
