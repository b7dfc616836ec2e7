import { describe, expect, it } from 'vitest';
import { CONTROL_CHARACTER_MESSAGE } from '@/lib/forms/field-schemas';
import { parseForm } from '@/lib/forms/form-action';
import type { ClientOrigin } from './client-options';
import { clientEditSchemaFor, editClientSchema, editSyncedClientSchema, newClientSchema } from './client.schema';

// What the client actions parse, through the same step the form wrapper runs.
const parseNewClient = (input: Record<string, unknown>) => parseForm(newClientSchema, input);
const parseClientEdit = (input: Record<string, unknown>, origin: ClientOrigin) => parseForm(clientEditSchemaFor(origin), input);

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const today = new Date().toISOString().slice(0, 10);

describe('newClientSchema', () => {
  it('accepts a name alone and turns empty optional fields into null', () => {
    expect(parseNewClient({ fullName: '  Ada Byron ', email: '', phone: ' ', dateOfBirth: '', notes: '' })).toEqual({
      ok: true,
      value: { fullName: 'Ada Byron', email: null, phone: null, dateOfBirth: null, notes: null },
    });
    expect(parseNewClient({ fullName: 'Ada' })).toEqual({
      ok: true,
      value: { fullName: 'Ada', email: null, phone: null, dateOfBirth: null, notes: null },
    });
  });

  it('accepts every field filled in', () => {
    const parsed = newClientSchema.parse({
      fullName: 'Ada Byron',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      dateOfBirth: '1990-12-10',
      notes: 'Prefers evenings.',
    });
    expect(parsed).toEqual({
      fullName: 'Ada Byron',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      dateOfBirth: '1990-12-10',
      notes: 'Prefers evenings.',
    });
  });

  it.each([
    ['no name', {}, 'fullName'],
    ['a blank name', { fullName: '   ' }, 'fullName'],
    ['a 201-character name', { fullName: 'x'.repeat(201) }, 'fullName'],
    ['a bad e-mail', { fullName: 'A', email: 'not-an-email' }, 'email'],
    ['an e-mail with a space', { fullName: 'A', email: 'a b@example.com' }, 'email'],
    ['a 41-character phone', { fullName: 'A', phone: '1'.repeat(41) }, 'phone'],
    ['a date in another format', { fullName: 'A', dateOfBirth: '10/12/1990' }, 'dateOfBirth'],
    ['an impossible date', { fullName: 'A', dateOfBirth: '1990-02-30' }, 'dateOfBirth'],
    ['a date of birth tomorrow', { fullName: 'A', dateOfBirth: tomorrow }, 'dateOfBirth'],
    ['a date of birth today', { fullName: 'A', dateOfBirth: today }, 'dateOfBirth'],
    ['a date of birth before 1900', { fullName: 'A', dateOfBirth: '1899-12-31' }, 'dateOfBirth'],
    ['5001 characters of notes', { fullName: 'A', notes: 'n'.repeat(5001) }, 'notes'],
    ['a NUL byte in the name', { fullName: 'Ada\u0000Byron' }, 'fullName'],
    ['a tab inside the name', { fullName: 'Ada\tByron' }, 'fullName'],
    ['a NUL byte in the e-mail', { fullName: 'A', email: 'a\u0000@example.com' }, 'email'],
    ['a NUL byte in the phone', { fullName: 'A', phone: '123\u0000' }, 'phone'],
    ['a NUL byte in the notes', { fullName: 'A', notes: 'line\u0000' }, 'notes'],
    ['a backspace in the notes', { fullName: 'A', notes: 'line\u0008' }, 'notes'],
  ])('refuses %s, with the error on that field', (_label, input, field) => {
    const parsed = parseNewClient(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(Object.keys(parsed.fieldErrors)).toEqual([field]);
      expect(parsed.fieldErrors[field]?.[0]).toEqual(expect.any(String));
    }
  });

  it('names the control character in its error', () => {
    expect(parseNewClient({ fullName: 'Ada\u0000' })).toEqual({
      ok: false,
      fieldErrors: { fullName: [CONTROL_CHARACTER_MESSAGE] },
      formErrors: [],
    });
  });

  it('keeps line breaks and tabs in the notes', () => {
    const parsed = parseNewClient({ fullName: 'A', notes: 'One\r\n\tTwo' });
    expect(parsed.ok && parsed.value.notes).toBe('One\r\n\tTwo');
  });

  it('reports every bad field at once', () => {
    const parsed = parseNewClient({ fullName: '', email: 'x', phone: '1'.repeat(50), dateOfBirth: 'x', notes: 'n'.repeat(6000) });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.fieldErrors).sort()).toEqual(['dateOfBirth', 'email', 'fullName', 'notes', 'phone']);
  });
});

describe('client edit schemas', () => {
  it('requires a known status', () => {
    expect(editClientSchema.safeParse({ fullName: 'A', status: 'active' }).success).toBe(true);
    expect(editClientSchema.safeParse({ fullName: 'A' }).success).toBe(false);
    expect(editClientSchema.safeParse({ fullName: 'A', status: 'archived' }).success).toBe(false);
  });

  it('drops name and e-mail for a client synced from Project B', () => {
    const parsed = parseClientEdit({ fullName: 'Changed', email: 'changed@example.com', phone: '123', status: 'inactive' }, 'project_b');
    expect(parsed).toEqual({ ok: true, value: { phone: '123', dateOfBirth: null, notes: null, status: 'inactive' } });
    expect(Object.keys(editSyncedClientSchema.shape).sort()).toEqual(['dateOfBirth', 'notes', 'phone', 'status']);
  });

  it('keeps name and e-mail for a practice client', () => {
    const parsed = parseClientEdit({ fullName: 'Changed', email: 'changed@example.com', status: 'active' }, 'native');
    expect(parsed).toEqual({
      ok: true,
      value: { fullName: 'Changed', email: 'changed@example.com', phone: null, dateOfBirth: null, notes: null, status: 'active' },
    });
  });
});
