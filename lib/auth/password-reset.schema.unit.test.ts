import { describe, expect, it } from 'vitest';
import { parseForm } from '@/lib/forms/form-action';
import { PASSWORD_MIN_LENGTH, newPasswordSchema, passwordResetRequestSchema, emailLinkSchema } from './password-reset.schema';

describe('the forgot-password form', () => {
  it('normalises the address', () => {
    expect(parseForm(passwordResetRequestSchema, { email: ' Dr.Chen@CareBridge.test ' })).toEqual({
      ok: true,
      value: { email: 'dr.chen@carebridge.test' },
    });
  });

  it('names a malformed address', () => {
    expect(parseForm(passwordResetRequestSchema, { email: 'dr.chen' })).toEqual({
      ok: false,
      fieldErrors: { email: ['Enter a valid e-mail address'] },
      formErrors: [],
    });
  });
});

describe('the new-password form', () => {
  const exactly = (length: number) => 'p'.repeat(length);

  it('takes a password of the minimum length the auth server sets', () => {
    const password = exactly(PASSWORD_MIN_LENGTH);
    expect(parseForm(newPasswordSchema, { password, confirmPassword: password })).toEqual({
      ok: true,
      value: { password, confirmPassword: password },
    });
  });

  it('refuses one character less, and says how many it needs', () => {
    const password = exactly(PASSWORD_MIN_LENGTH - 1);
    expect(parseForm(newPasswordSchema, { password, confirmPassword: password })).toEqual({
      ok: false,
      fieldErrors: { password: [`Use at least ${PASSWORD_MIN_LENGTH} characters`] },
      formErrors: [],
    });
  });

  it('refuses more than bcrypt reads (72 bytes, so fewer characters outside ASCII)', () => {
    const password = 'é'.repeat(37);
    const parsed = parseForm(newPasswordSchema, { password, confirmPassword: password });
    expect(parsed.ok).toBe(false);
  });

  it('asks for the same password twice', () => {
    expect(parseForm(newPasswordSchema, { password: 'correct-horse', confirmPassword: 'correct-hose' })).toEqual({
      ok: false,
      fieldErrors: { confirmPassword: ['The two passwords differ'] },
      formErrors: [],
    });
  });
});

describe('the reset and invitation links', () => {
  const hash = 'a'.repeat(56);

  it.each([
    [hash, 'recovery'],
    [`pkce_${hash}`, 'recovery'],
    [hash, 'invite'],
  ])('takes GoTrue token hash %s of type %s', (token_hash, type) => {
    expect(emailLinkSchema.safeParse({ token_hash, type }).success).toBe(true);
  });

  it.each([
    { token_hash: hash, type: 'signup' },
    { token_hash: hash, type: 'magiclink' },
    { token_hash: 'a'.repeat(55), type: 'recovery' },
    { token_hash: `${hash}&next=https://evil.example`, type: 'recovery' },
    { type: 'recovery' },
  ])('refuses %o', (link) => {
    expect(emailLinkSchema.safeParse(link).success).toBe(false);
  });
});
