import { describe, expect, it } from 'vitest';
import { parseForm } from '@/lib/forms/form-action';
import { signInSchema } from './sign-in.schema';

describe('the sign-in form', () => {
  it('normalises the e-mail and keeps a same-site next path', () => {
    expect(parseForm(signInSchema, { email: ' Dr.Rivera@CareBridge.test ', password: 'pw', next: '/clients?q=a' })).toEqual({
      ok: true,
      value: { email: 'dr.rivera@carebridge.test', password: 'pw', next: '/clients?q=a' },
    });
  });

  it.each([undefined, 'https://evil.example/', '//evil.example/', '/\\evil.example', '/\t/evil.example'])(
    'sends next=%s to /sessions instead',
    (next) => {
      const parsed = parseForm(signInSchema, { email: 'a@b.test', password: 'pw', next });
      expect(parsed.ok && parsed.value.next).toBe('/sessions');
    },
  );

  it('sends a form without next to /sessions', () => {
    const parsed = parseForm(signInSchema, { email: 'a@b.test', password: 'pw' });
    expect(parsed.ok && parsed.value.next).toBe('/sessions');
  });

  it('names the field that is wrong', () => {
    expect(parseForm(signInSchema, { email: 'not an address', password: '' })).toEqual({
      ok: false,
      fieldErrors: { email: ['Enter a valid e-mail address'], password: ['Enter your password'] },
      formErrors: [],
    });
  });
});
