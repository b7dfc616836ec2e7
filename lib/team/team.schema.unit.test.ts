import { describe, expect, it } from 'vitest';
import { passwordChangeSchema } from './settings.schema';
import { describeTeamEvent } from './team-history';
import { addMemberSchema } from './team.schema';
import { temporaryPassword } from './temporary-password';
import { TIME_ZONE_MESSAGE, timeZoneSchema } from './time-zone.schema';

describe('timeZoneSchema', () => {
  it.each([
    ['Europe/London', 'Europe/London'],
    [' europe/london ', 'Europe/London'],
    ['UTC', 'UTC'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ])('accepts %j as %j', (input, stored) => {
    expect(timeZoneSchema.parse(input)).toBe(stored);
  });

  it.each(['', '   ', 'Mars/Olympus', '+01:00', '-05:00', 'Europe/London\0', 'Europe/London; drop table', 'x'.repeat(65)])(
    'refuses %j instead of falling back to UTC',
    (input) => {
      const parsed = timeZoneSchema.safeParse(input);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe(TIME_ZONE_MESSAGE);
    },
  );
});

describe('addMemberSchema', () => {
  it('normalises the e-mail and trims the name', () => {
    expect(
      addMemberSchema.parse({ email: ' New@Example.COM ', displayName: ' Dr. A ', timeZone: 'UTC', role: 'admin', handover: 'invitation' }),
    ).toEqual({
      email: 'new@example.com',
      displayName: 'Dr. A',
      timeZone: 'UTC',
      role: 'admin',
      handover: 'invitation',
    });
  });

  it('names every bad field', () => {
    const parsed = addMemberSchema.safeParse({
      email: 'nope',
      displayName: ' ',
      timeZone: 'Nowhere/Town',
      role: 'owner',
      handover: 'carrier-pigeon',
    });
    expect(new Set(parsed.error?.issues.map((issue) => issue.path[0]))).toEqual(new Set(['email', 'displayName', 'timeZone', 'role', 'handover']));
  });
});

describe('passwordChangeSchema', () => {
  it.each([
    [{ currentPassword: '', newPassword: 'long-enough-pass', confirmPassword: 'long-enough-pass' }, 'currentPassword'],
    [{ currentPassword: 'old', newPassword: 'short', confirmPassword: 'short' }, 'newPassword'],
    [{ currentPassword: 'old', newPassword: 'long-enough-pass', confirmPassword: 'long-enough-pasz' }, 'confirmPassword'],
    [{ currentPassword: 'long-enough-pass', newPassword: 'long-enough-pass', confirmPassword: 'long-enough-pass' }, 'newPassword'],
    [{ currentPassword: 'old', newPassword: 'é'.repeat(40), confirmPassword: 'é'.repeat(40) }, 'newPassword'],
  ])('refuses %j on %s', (input, field) => {
    expect(passwordChangeSchema.safeParse(input).error?.issues.map((issue) => issue.path[0])).toContain(field);
  });
});

describe('temporaryPassword', () => {
  it('is 20 characters with every character class, and never the same twice', () => {
    const passwords = Array.from({ length: 200 }, temporaryPassword);
    for (const password of passwords) {
      expect(password).toHaveLength(20);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^a-zA-Z0-9]/);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });
});

describe('describeTeamEvent', () => {
  it.each([
    [{ action: 'added', detail: { role: 'admin', time_zone: 'Asia/Tokyo' } }, 'Added as admin (Asia/Tokyo)'],
    [{ action: 'role_changed', detail: { from: 'admin', to: 'therapist' } }, 'Role: Admin → Therapist'],
    [{ action: 'deactivated', detail: {} }, 'Deactivated and signed out'],
    [{ action: 'reactivated', detail: {} }, 'Reactivated'],
    [{ action: 'invited', detail: { role: 'therapist', time_zone: 'Europe/Lisbon' } }, 'Invited as therapist (Europe/Lisbon)'],
    [{ action: 'invitation_resent', detail: {} }, 'Invitation sent again'],
    [{ action: 'activated', detail: {} }, 'Set their password and joined'],
    [{ action: 'settings_changed', detail: { password: 'chosen' } }, 'Chose their own password'],
    [{ action: 'settings_changed', detail: { password: 'changed' } }, 'Changed their password'],
    [
      { action: 'settings_changed', detail: { display_name: { from: 'A', to: 'B' }, time_zone: { from: 'UTC', to: 'Asia/Tokyo' } } },
      'Name: A → B; Time zone: UTC → Asia/Tokyo',
    ],
  ] as const)('%j reads %j', (event, words) => {
    expect(describeTeamEvent(event)).toBe(words);
  });
});
