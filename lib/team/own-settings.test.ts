import { beforeAll, describe, expect, it } from 'vitest';
import { verifyTherapist } from '@/lib/auth/therapist';
import { silentLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { serviceClients, sql, stack } from '@/lib/testing/stack-clients';
import { createTestMember } from '@/lib/testing/team-members';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import { changeOwnPassword, SETTINGS_MESSAGES, updateOwnSettings } from './own-settings';
import { passwordChangeSchema, settingsSchema } from './settings.schema';
import { timeZoneOptions } from './time-zone.schema';

const log = silentLogger;
let service: ProjectAClient;

beforeAll(() => {
  service = serviceClients().projectA;
});

async function eventsFor(memberId: string) {
  return sql<{ action: string; actor_id: string; detail: Record<string, unknown> }>(
    'a',
    'select action::text, actor_id, detail from public.practice_member_events where member_id = $1 order by id',
    [memberId],
  );
}

async function stored(memberId: string) {
  const rows = await sql<{ display_name: string; time_zone: string; must_choose_password: boolean }>(
    'a',
    'select display_name, time_zone, must_choose_password from public.practice_members where user_id = $1',
    [memberId],
  );
  return rows[0];
}

describe('a member’s own settings', () => {
  it('saves name and zone, records from and to, and the next request sees them', async () => {
    const member = await createTestMember(stack(), service, { role: 'therapist', timeZone: 'Europe/Berlin', label: 'settler' });
    const before = await stored(member.id);
    const input = settingsSchema.parse({ displayName: ' Dr. Renamed ', timeZone: 'america/new_york' });

    expect(await updateOwnSettings(service, member.id, input, { log })).toEqual({ ok: true, outcome: 'updated' });
    expect(await updateOwnSettings(service, member.id, input, { log })).toEqual({ ok: true, outcome: 'unchanged' });

    expect(await verifyTherapist(await member.signIn())).toMatchObject({ fullName: 'Dr. Renamed', timeZone: 'America/New_York' });
    expect(await eventsFor(member.id)).toEqual([
      {
        action: 'settings_changed',
        actor_id: member.id,
        detail: {
          display_name: { from: before?.display_name, to: 'Dr. Renamed' },
          time_zone: { from: 'Europe/Berlin', to: 'America/New_York' },
        },
      },
    ]);
  });

  it('refuses a zone the database does not know as a field error, and changes nothing', async () => {
    const member = await createTestMember(stack(), service, { role: 'therapist', label: 'zoned' });
    const before = await stored(member.id);
    // Past the schema, so the database's own check is the one refusing.
    const result = await updateOwnSettings(service, member.id, { displayName: 'Still Me', timeZone: 'Mars/Olympus' }, { log });
    expect(result).toEqual({ ok: false, outcome: 'invalid_time_zone', message: SETTINGS_MESSAGES.invalid_time_zone, field: 'timeZone' });
    expect(await stored(member.id)).toEqual(before);
    expect(await eventsFor(member.id)).toEqual([]);
  });

  it('refuses someone without an active membership', async () => {
    const stranger = await createTestMember(stack(), service, { role: null, label: 'outsider' });
    const gone = await createTestMember(stack(), service, { role: 'therapist', active: false, label: 'gone' });
    for (const id of [stranger.id, gone.id]) {
      expect(await updateOwnSettings(service, id, { displayName: 'X', timeZone: 'UTC' }, { log })).toMatchObject({
        ok: false,
        outcome: 'not_member',
      });
      expect(await eventsFor(id)).toEqual([]);
    }
  });

  it('offers only zones the database accepts', async () => {
    const zones = timeZoneOptions();
    const rows = await sql<{ name: string }>('a', 'select name from pg_catalog.pg_timezone_names where name = any($1::text[])', [zones]);
    expect(new Set(rows.map((row) => row.name))).toEqual(new Set(zones));
  });
});

describe('changing one’s password', () => {
  it('needs the current password, keeps this session, and records the change without the password', async () => {
    const member = await createTestMember(stack(), service, { role: 'therapist', mustChoosePassword: true, label: 'chooser' });
    const asMember = await member.signIn();
    const newPassword = `${member.password}-new`;

    const wrong = passwordChangeSchema.parse({ currentPassword: 'not-it', newPassword, confirmPassword: newPassword });
    expect(await changeOwnPassword(asMember, service, member.id, wrong, { log })).toEqual({
      ok: false,
      outcome: 'wrong_password',
      message: SETTINGS_MESSAGES.wrong_password,
      field: 'currentPassword',
    });
    expect(await eventsFor(member.id)).toEqual([]);

    const right = passwordChangeSchema.parse({ currentPassword: member.password, newPassword, confirmPassword: newPassword });
    expect(await changeOwnPassword(asMember, service, member.id, right, { log })).toEqual({ ok: true, outcome: 'password_changed' });

    expect((await asMember.auth.getUser()).error).toBeNull();
    expect((await stored(member.id))?.must_choose_password).toBe(false);
    const events = await eventsFor(member.id);
    expect(events).toEqual([{ action: 'settings_changed', actor_id: member.id, detail: { password: 'chosen' } }]);
    expect(JSON.stringify(events)).not.toContain(newPassword);

    const fresh = createProjectAUserClient(stack().a.url, stack().a.publishableKey);
    expect((await fresh.auth.signInWithPassword({ email: member.email, password: member.password })).error?.code).toBe('invalid_credentials');
    expect((await fresh.auth.signInWithPassword({ email: member.email, password: newPassword })).error).toBeNull();
  });

  it('the local auth server, like GoTrue with "Require current password when updating" on, refuses a new password sent alone', async () => {
    const member = await createTestMember(stack(), service, { role: 'therapist', label: 'alone' });
    const asMember = await member.signIn();
    expect((await asMember.auth.updateUser({ password: 'a-brand-new-password' })).error?.code).toBe('current_password_required');
    expect((await asMember.auth.updateUser({ password: 'a-brand-new-password', current_password: 'wrong' })).error?.code).toBe(
      'current_password_invalid',
    );
    expect((await asMember.auth.updateUser({ data: { theme: 'dark' } })).error).toBeNull();
  });
});
