import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDate, formatDateTime, formatTimeSpan, todayIn } from './date-time';

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

  it('shows a session span in the zone, naming the year only when it is not this year', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(formatTimeSpan('2026-12-08T10:00:00Z', 50, 'Europe/London', now)).toBe('10:00–10:50 on Tue 8 Dec');
    expect(formatTimeSpan('2026-12-08T15:00:00Z', 50, 'America/New_York', now)).toBe('10:00–10:50 on Tue 8 Dec');
    // Late evening in New York is already the next day in UTC; the zone's day is the one shown.
    expect(formatTimeSpan('2027-01-06T03:30:00Z', 60, 'America/New_York', now)).toBe('22:30–23:30 on Tue 5 Jan 2027');
  });
});
