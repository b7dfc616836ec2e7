import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONTROL_CHARACTER_MESSAGE, decimalInteger, multiLineText, optionalText, singleLineText } from './field-schemas';

const messages = (result: z.ZodSafeParseResult<unknown>) => (result.success ? [] : result.error.issues.map((issue) => issue.message));

describe('singleLineText', () => {
  it.each(['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085'])('refuses %j inside the text', (control) => {
    expect(messages(singleLineText().safeParse(`a${control}b`))).toEqual([CONTROL_CHARACTER_MESSAGE]);
  });

  it('keeps ordinary and non-Latin text', () => {
    expect(singleLineText().parse('Zoë Ōkubo-Нина 🙂')).toBe('Zoë Ōkubo-Нина 🙂');
  });
});

describe('multiLineText', () => {
  it('keeps tabs and line breaks', () => {
    expect(multiLineText().parse('a\tb\r\nc\nd')).toBe('a\tb\r\nc\nd');
  });

  it.each(['\u0000', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u009b'])('refuses %j', (control) => {
    expect(messages(multiLineText().safeParse(`a${control}b`))).toEqual([CONTROL_CHARACTER_MESSAGE]);
  });
});

describe('optionalText', () => {
  it('turns an empty or blank field into null and trims the rest', () => {
    const notes = optionalText('multi', 10, 'too long');
    expect(notes.parse(undefined)).toBeNull();
    expect(notes.parse('  ')).toBeNull();
    expect(notes.parse(' hi\n')).toBe('hi');
  });
});

describe('decimalInteger', () => {
  const minutes = decimalInteger('digits only', z.number().max(240, 'too many'));

  it.each([
    ['50', 50],
    [' 50 ', 50],
    ['007', 7],
  ])('reads %j as %i', (input, expected) => {
    expect(minutes.parse(input)).toBe(expected);
  });

  it.each(['0x32', '0o62', '0b110010', '1e2', '50.0', '50.', '.5', '-5', '+50', '5 0', '', '\u0665\u0660', 'NaN', '12345678'])(
    'refuses %j',
    (input) => {
      expect(messages(minutes.safeParse(input))).toEqual(['digits only']);
    },
  );

  it('leaves the range to the schema it is given', () => {
    expect(messages(minutes.safeParse('241'))).toEqual(['too many']);
  });
});
