/**
 * Dates as the therapist reads them: instants in their own zone, calendar
 * dates (a date of birth) as written, with no zone shift.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = make();
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** "Tue, 24 Nov 2026, 14:00 GMT" in the given IANA zone. */
export function formatDateTime(instant: string | Date, timeZone: string): string {
  const format = cachedFormat(
    `datetime|${timeZone}`,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }),
  );
  return format.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** "24 Nov 2026" for an instant, in the given IANA zone. */
export function formatDate(instant: string | Date, timeZone: string): string {
  const format = cachedFormat(
    `date|${timeZone}`,
    () => new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }),
  );
  return format.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** A calendar date (YYYY-MM-DD) as "14 Mar 1988"; it names a day, not an instant, so no zone applies. */
export function formatCalendarDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  return formatDate(new Date(Date.UTC(y, m - 1, d)), 'UTC');
}

/** Today's calendar date (YYYY-MM-DD) in a zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const format = cachedFormat(
    `iso-date|${timeZone}`,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  );
  return format.format(now);
}

/**
 * A session's span as "10:00–10:50 on Tue 8 Dec" in the given zone, with the
 * year added when it is not the current one there. Built from parts, so the
 * wording does not depend on the ICU version's punctuation.
 */
export function formatTimeSpan(startsAt: string | Date, durationMinutes: number, timeZone: string, now: Date = new Date()): string {
  const start = typeof startsAt === 'string' ? new Date(startsAt) : startsAt;
  const end = new Date(start.getTime() + durationMinutes * 60_000);
  const format = cachedFormat(
    `span|${timeZone}`,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  );
  const parts = (instant: Date) => {
    const all = format.formatToParts(instant);
    return (type: Intl.DateTimeFormatPartTypes) => all.find((part) => part.type === type)?.value ?? '';
  };
  const from = parts(start);
  const to = parts(end);
  const year = from('year') === parts(now)('year') ? '' : ` ${from('year')}`;
  return `${from('hour')}:${from('minute')}–${to('hour')}:${to('minute')} on ${from('weekday')} ${from('day')} ${from('month')}${year}`;
}
