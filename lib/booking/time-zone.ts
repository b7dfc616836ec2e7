/**
 * Converts a wall-clock date and time in an IANA zone to the UTC instant, with
 * nothing but Intl. The zone's offset is read at a first guess and read again at
 * the corrected instant, which settles the answer across DST changes.
 */
function wallClockParts(instant: Date, timeZone: string): (type: Intl.DateTimeFormatPartTypes) => string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  return (type) => parts.find((p) => p.type === type)?.value ?? '';
}

function offsetMinutesAt(instant: number, timeZone: string): number {
  const part = wallClockParts(new Date(instant), timeZone);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(part(type));
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** `date` is YYYY-MM-DD, `time` HH:MM. A time skipped by a DST jump lands just after it. */
export function zonedDateTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [year = NaN, month = NaN, day = NaN] = date.split('-').map(Number);
  const [hour = NaN, minute = NaN] = time.split(':').map(Number);
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const firstGuess = wallClockAsUtc - offsetMinutesAt(wallClockAsUtc, timeZone) * 60_000;
  const settled = wallClockAsUtc - offsetMinutesAt(firstGuess, timeZone) * 60_000;
  return new Date(settled);
}
