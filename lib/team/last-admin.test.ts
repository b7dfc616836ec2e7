import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/observability/log';
import { createServiceClients, type ProjectAClient } from '@/lib/supabase/clients';
import { startEphemeralStack, type LocalStack } from '@/lib/testing/stack';
import { createTestMember, type TestMember } from '@/lib/testing/team-members';
import { changeMemberRole, setMemberActive, TEAM_MESSAGES } from './manage-team';

// The seeded practice always has its own admin, so "the last admin" needs a practice of
// its own: a stack without the demo seed, whose only admins are the ones made here.
let stack: LocalStack;
let service: ProjectAClient;
const log = silentLogger;

beforeAll(async () => {
  stack = await startEphemeralStack({ seed: false });
  service = createServiceClients({
    projectA: { url: stack.a.url, serviceRoleKey: stack.a.secretKey },
    projectB: { url: stack.b.url, serviceRoleKey: stack.b.secretKey },
  }).projectA;
});

afterAll(async () => {
  await stack?.stop();
});

async function query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: stack.a.dbUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const activeAdmins = async () =>
  (await query<{ user_id: string }>("select user_id from public.practice_members where role = 'admin' and active order by user_id")).map(
    (row) => row.user_id,
  );

/** Leaves exactly the given members as the practice's active admins, whatever earlier tests did. */
async function onlyAdmins(count: number): Promise<TestMember[]> {
  const made: TestMember[] = [];
  for (let i = 0; i < count; i += 1) made.push(await createTestMember(stack, service, { role: 'admin', label: `admin${i}` }));
  // After the new ones exist, so the trigger lets the earlier admins go.
  await query("update public.practice_members set active = false where role = 'admin' and active and user_id <> all($1::uuid[])", [
    made.map((member) => member.id),
  ]);
  return made;
}

/**
 * Starts the requests while another transaction holds the team's lock, waits until
 * both are queued on it in the database, then lets go: they really run at once.
 */
async function atOnce<Result>(requests: (() => Promise<Result>)[]): Promise<Result[]> {
  const holder = new pg.Client({ connectionString: stack.a.dbUrl });
  await holder.connect();
  try {
    await holder.query('begin');
    await holder.query("select 1 from public.practice_members where role = 'admin' and active order by user_id for update");
    const running = Promise.all(requests.map((request) => request()));
    for (let waiting = 0; waiting < requests.length;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const rows = await query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%member%'",
      );
      waiting = rows[0]?.n ?? 0;
    }
    await holder.query('commit');
    return await running;
  } finally {
    await holder.end();
  }
}

const lastAdmin = { ok: false, outcome: 'last_admin', message: TEAM_MESSAGES.last_admin };

describe('the last active admin', () => {
  it('cannot deactivate or demote themselves, and nothing changes', async () => {
    const [admin] = await onlyAdmins(1);
    if (!admin) throw new Error('no admin');

    expect(await setMemberActive(service, admin.id, { memberId: admin.id, active: false }, { log })).toEqual(lastAdmin);
    expect(await changeMemberRole(service, admin.id, { memberId: admin.id, role: 'therapist' }, { log })).toEqual(lastAdmin);
    expect(await activeAdmins()).toEqual([admin.id]);
    expect(await query('select 1 from public.practice_member_events where member_id = $1', [admin.id])).toEqual([]);
    expect(await query('select 1 from auth.sessions where user_id = $1', [admin.id])).toEqual([]);
  });

  it('is kept when two requests would each remove one of the last two admins at once', async () => {
    const [first, second] = await onlyAdmins(2);
    if (!first || !second) throw new Error('no admins');

    // Each request alone is allowed; together they would leave no admin.
    const results = await atOnce([
      () => setMemberActive(service, first.id, { memberId: second.id, active: false }, { log }),
      () => changeMemberRole(service, first.id, { memberId: first.id, role: 'therapist' }, { log }),
    ]);

    expect(results.filter((result) => result.ok)).toEqual([{ ok: true, outcome: 'updated' }]);
    expect(results.filter((result) => !result.ok)).toEqual([lastAdmin]);
    expect(await activeAdmins()).toHaveLength(1);
    expect(await query('select 1 from public.practice_member_events where member_id = any($1::uuid[])', [[first.id, second.id]])).toHaveLength(1);
  });

  it('is kept when the last two admins deactivate each other at once', async () => {
    const [first, second] = await onlyAdmins(2);
    if (!first || !second) throw new Error('no admins');

    const results = await atOnce([
      () => setMemberActive(service, first.id, { memberId: second.id, active: false }, { log }),
      () => setMemberActive(service, second.id, { memberId: first.id, active: false }, { log }),
    ]);

    // Whoever waits finds they are no longer an admin, or the last one.
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => result.outcome)).toEqual([expect.stringMatching(/^(not_admin|last_admin)$/)]);
    expect(await activeAdmins()).toHaveLength(1);
  });
});
