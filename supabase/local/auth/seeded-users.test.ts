import { createClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { serviceClients, signedInAs, sql, stack, THERAPISTS } from '@/lib/testing/stack-clients';
import { NON_NULL_USER_COLUMNS } from './users';

/**
 * Every auth user the seeds make must be one GoTrue can read: the demo
 * therapists have to sign in on a hosted project too. The seeds' users are
 * the ones with the seeds' id patterns (project-a/seed.sql, project-b/seed.sql).
 */
const SEEDED_IDS = {
  a: 'a0000000-0000-4000-8000-00000000000_',
  b: 'b0000000-0000-4000-8000-0000000000__',
} as const;

async function seededUsers(project: 'a' | 'b') {
  const nullChecks = NON_NULL_USER_COLUMNS.map((column) => `(${column} is null)::int`).join(' + ');
  return sql<{ id: string; email: string; null_columns: number; other_instance: boolean }>(
    project,
    `select id::text, email, ${nullChecks} as null_columns,
            instance_id is distinct from '00000000-0000-0000-0000-000000000000' as other_instance
     from auth.users where id::text like $1 order by id`,
    [SEEDED_IDS[project]],
  );
}

describe('users the seeds create', () => {
  it('have no NULL in a column GoTrue reads, and belong to its instance', async () => {
    for (const project of ['a', 'b'] as const) {
      const users = await seededUsers(project);
      expect(users.length, project).toBeGreaterThan(0);
      for (const user of users) expect([user.email, user.null_columns, user.other_instance]).toEqual([user.email, 0, false]);
    }
  });

  it('are read by the admin API and listed, one by one and all together', async () => {
    const clients = serviceClients();
    for (const [project, admin] of [
      ['a', clients.projectA.auth.admin],
      ['b', clients.projectB.auth.admin],
    ] as const) {
      const users = await seededUsers(project);
      for (const user of users) {
        const { data, error } = await admin.getUserById(user.id);
        expect(error, user.email).toBeNull();
        expect(data.user?.email).toBe(user.email);
      }
      const [{ n } = { n: '0' }] = await sql<{ n: string }>(project, 'select count(*) as n from auth.users');
      const listed = await admin.listUsers({ page: 1, perPage: Number(n) + 1 });
      expect(listed.error).toBeNull();
      const listedIds = new Set(listed.data.users.map((user) => user.id));
      expect(users.filter((user) => !listedIds.has(user.id))).toEqual([]);
    }
  });

  it('sign in with the seeded passwords: the demo therapists in A, a partner person in B', async () => {
    for (const therapist of Object.keys(THERAPISTS) as (keyof typeof THERAPISTS)[]) {
      const client = await signedInAs(therapist);
      expect((await client.auth.getUser()).data.user?.id).toBe(THERAPISTS[therapist].id);
    }
    const [person] = await seededUsers('b');
    const partnerApp = createClient(stack().b.url, stack().b.anonKey, { auth: { persistSession: false } });
    const { data, error } = await partnerApp.auth.signInWithPassword({ email: person?.email ?? '', password: 'partner-demo' });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(person?.id);
  });
});
