import { describe, expect, it } from 'vitest';
import { CONTROL_CHARACTER_MESSAGE } from '@/lib/forms/field-schemas';
import { parseForm } from '@/lib/forms/form-action';
import { DEMO_PARTNER_PERSON, THERAPISTS } from '@/lib/testing/demo';
import { bookingSchemaFor, FUTURE_TOOK_PLACE_MESSAGE, PAST_START_MESSAGE, type BookSessionField } from './session.schema';
import { zonedDateTimeToUtc } from './time-zone';

const therapist = { id: THERAPISTS.rivera.id, timeZone: THERAPISTS.rivera.timeZone };
const valid = {
  clientId: DEMO_PARTNER_PERSON.id,
  date: '2031-03-12',
  time: '14:30',
  durationMinutes: '50',
  sessionType: 'individual',
  notes: '',
  requestId: '5b1d0c52-7a3e-4f0e-9d6a-2c8b1f4e7a90',
};

/** What the booking action parses: the form's fields in the therapist's zone. */
function parseBooking(input: Record<string, unknown>, who: typeof therapist) {
  const parsed = parseForm<ReturnType<typeof bookingSchemaFor>, BookSessionField>(bookingSchemaFor(who), input);
  return parsed.ok ? { ok: true as const, session: parsed.value.session } : parsed;
}

const STALE_FORM = 'This booking form is out of date. Reload the page and book again.';

describe('the booking form', () => {
  it('turns form strings into a session in the therapist’s time zone', () => {
    const result = parseBooking(valid, therapist);
    expect(result).toEqual({
      ok: true,
      session: {
        therapistId: therapist.id,
        clientId: valid.clientId,
        startsAt: '2031-03-12T14:30:00.000Z',
        durationMinutes: 50,
        sessionType: 'individual',
        notes: null,
        requestId: valid.requestId,
      },
    });
  });

  it('ignores a therapist id smuggled into the form', () => {
    const result = parseBooking({ ...valid, therapistId: THERAPISTS.chen.id }, therapist);
    expect(result.ok && result.session.therapistId).toBe(therapist.id);
  });

  const badInputs: [string, Record<string, unknown>, BookSessionField, string][] = [
    ['a malformed client id', { clientId: 'not-a-uuid' }, 'clientId', 'Choose a client from the list'],
    ['a missing client', { clientId: undefined }, 'clientId', 'Choose a client from the list'],
    ['a missing date', { date: undefined }, 'date', 'Enter a date as YYYY-MM-DD'],
    ['a malformed date', { date: '12/03/2031' }, 'date', 'Enter a date as YYYY-MM-DD'],
    ['an impossible date', { date: '2031-02-30' }, 'date', 'Enter a date as YYYY-MM-DD'],
    ['a malformed time', { time: '25:00' }, 'time', 'Enter a time as HH:MM (24-hour)'],
    ['a duration under 15 minutes', { durationMinutes: '10' }, 'durationMinutes', 'A session lasts at least 15 minutes'],
    ['a duration over 240 minutes', { durationMinutes: '241' }, 'durationMinutes', 'A session lasts at most 240 minutes'],
    ['a fractional duration', { durationMinutes: '50.5' }, 'durationMinutes', 'Enter the length in whole minutes, as digits (for example 50)'],
    [
      'a duration that is not a number',
      { durationMinutes: 'fifty' },
      'durationMinutes',
      'Enter the length in whole minutes, as digits (for example 50)',
    ],
    ['a missing duration', { durationMinutes: undefined }, 'durationMinutes', 'Enter the length in whole minutes, as digits (for example 50)'],
    ['an empty duration', { durationMinutes: '' }, 'durationMinutes', 'Enter the length in whole minutes, as digits (for example 50)'],
    // Number() reads each of these as a valid count of minutes; the form does not.
    ['a hexadecimal duration', { durationMinutes: '0x32' }, 'durationMinutes', 'Enter the length in whole minutes, as digits (for example 50)'],
    ['an exponent', { durationMinutes: '1e2' }, 'durationMinutes', 'Enter the length in whole minutes, as digits (for example 50)'],
    [
      'a duration with a decimal point',
      { durationMinutes: '50.0' },
      'durationMinutes',
      'Enter the length in whole minutes, as digits (for example 50)',
    ],
    ['a signed duration', { durationMinutes: '+50' }, 'durationMinutes', 'Enter the length in whole minutes, as digits (for example 50)'],
    ['a binary duration', { durationMinutes: '0b110010' }, 'durationMinutes', 'Enter the length in whole minutes, as digits (for example 50)'],
    [
      'a duration in non-ASCII digits',
      { durationMinutes: '\u0665\u0660' },
      'durationMinutes',
      'Enter the length in whole minutes, as digits (for example 50)',
    ],
    ['Infinity', { durationMinutes: 'Infinity' }, 'durationMinutes', 'Enter the length in whole minutes, as digits (for example 50)'],
    ['a NUL byte in the notes', { notes: 'first line\u0000' }, 'notes', CONTROL_CHARACTER_MESSAGE],
    ['an escape character in the notes', { notes: 'colour \u001b[31m' }, 'notes', CONTROL_CHARACTER_MESSAGE],
    ['an unknown session type', { sessionType: 'karaoke' }, 'sessionType', 'Choose a session type'],
    ['notes over 2,000 characters', { notes: 'x'.repeat(2001) }, 'notes', 'Notes can be at most 2,000 characters'],
    ['a missing request id', { requestId: undefined }, 'requestId', STALE_FORM],
    ['an empty request id', { requestId: '' }, 'requestId', STALE_FORM],
    ['a request id that is not a UUID', { requestId: 'retry-1' }, 'requestId', STALE_FORM],
    ['a request id with SQL in it', { requestId: "5b1d0c52-7a3e-4f0e-9d6a-2c8b1f4e7a90' or '1'='1" }, 'requestId', STALE_FORM],
  ];

  it.each([
    [' 50 ', 50],
    ['050', 50],
    ['240', 240],
  ])('reads the duration %j as %i minutes', (durationMinutes, minutes) => {
    const result = parseBooking({ ...valid, durationMinutes }, therapist);
    expect(result.ok && result.session.durationMinutes).toBe(minutes);
  });

  it('keeps tabs and line breaks in the notes', () => {
    const result = parseBooking({ ...valid, notes: 'Goals:\r\n\t- sleep' }, therapist);
    expect(result.ok && result.session.notes).toBe('Goals:\r\n\t- sleep');
  });

  it.each(badInputs)('refuses %s with a field error', (_label, change, field, message) => {
    const result = parseBooking({ ...valid, ...change }, therapist);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors[field]).toEqual([message]);
  });
});

describe('a start in the past', () => {
  // 14:30 on 12 March 2031 in London; the clock stands a minute after it, or a minute before.
  const justAfter = () => new Date('2031-03-12T14:31:00Z');
  const justBefore = () => new Date('2031-03-12T14:29:00Z');
  const parseAt = (input: Record<string, unknown>, now: () => Date) =>
    parseForm<ReturnType<typeof bookingSchemaFor>, BookSessionField>(bookingSchemaFor(therapist, now), input);

  it('is refused on the date unless the form says the session already took place', () => {
    const result = parseAt(valid, justAfter);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors.date).toEqual([PAST_START_MESSAGE]);
  });

  it('is booked when the form says the session already took place', () => {
    const result = parseAt({ ...valid, tookPlace: 'on' }, justAfter);
    expect(result.ok && result.value).toMatchObject({ inPast: true, session: { startsAt: '2031-03-12T14:30:00.000Z' } });
  });

  it('a start still to come needs no choice, and refuses one', () => {
    const unticked = parseAt(valid, justBefore);
    expect(unticked.ok && unticked.value.inPast).toBe(false);
    const ticked = parseAt({ ...valid, tookPlace: 'on' }, justBefore);
    expect(ticked.ok).toBe(false);
    if (!ticked.ok) expect(ticked.fieldErrors.tookPlace).toEqual([FUTURE_TOOK_PLACE_MESSAGE]);
  });

  it('refuses a box value the form never sends', () => {
    const result = parseAt({ ...valid, tookPlace: 'yes' }, justAfter);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors.tookPlace).toEqual(['Tick “This session already took place” or leave it empty']);
  });
});

describe('zonedDateTimeToUtc', () => {
  it.each([
    ['2031-01-15', '09:00', 'Europe/London', '2031-01-15T09:00:00.000Z'],
    ['2031-07-15', '09:00', 'Europe/London', '2031-07-15T08:00:00.000Z'],
    ['2031-07-15', '09:00', 'America/New_York', '2031-07-15T13:00:00.000Z'],
    ['2031-12-31', '23:30', 'Asia/Kolkata', '2031-12-31T18:00:00.000Z'],
    // 01:30 does not exist on the spring-forward night in London: it lands an hour later.
    ['2031-03-30', '01:30', 'Europe/London', '2031-03-30T01:30:00.000Z'],
  ])('%s %s in %s is %s', (date, time, zone, expected) => {
    expect(zonedDateTimeToUtc(date, time, zone).toISOString()).toBe(expected);
  });
});
