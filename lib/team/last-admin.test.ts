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

async function waitingOnLocks(): Promise<number> {
  const rows = await query<{ n: number }>(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%member%'",
  );
  return rows[0]?.n ?? 0;
}

/**
 * Starts the requests while another transaction holds the team's lock, each once the
 * one before is queued on it in the database, then lets go: they run at once, and
 * are served in the order they queued.
 */
async function queuedTogether<Result>(requests: (() => Promise<Result>)[]): Promise<Result[]> {
  const holder = new pg.Client({ connectionString: stack.a.dbUrl });
  await holder.connect();
  try {
    await holder.query('begin');
    await holder.query("select 1 from public.practice_members where role = 'admin' and active order by user_id for update");
    const running: Promise<Result>[] = [];
    for (const request of requests) {
      running.push(request());
      while ((await waitingOnLocks()) < running.length) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await holder.query('commit');
    return await Promise.all(running);
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
    const results = await queuedTogether([
      () => setMemberActive(service, first.id, { memberId: second.id, active: false }, { log }),
      () => changeMemberRole(service, first.id, { memberId: first.id, role: 'therapist' }, { log }),
    ]);

    // The demotion waited for the deactivation, then found itself the last admin.
    expect(results).toEqual([{ ok: true, outcome: 'updated' }, lastAdmin]);
    expect(await activeAdmins()).toHaveLength(1);
    expect(await query('select 1 from public.practice_member_events where member_id = any($1::uuid[])', [[first.id, second.id]])).toHaveLength(1);
  });

  it('is kept when the last two admins deactivate each other at once', async () => {
    const [first, second] = await onlyAdmins(2);
    if (!first || !second) throw new Error('no admins');

    const results = await queuedTogether([
      () => setMemberActive(service, first.id, { memberId: second.id, active: false }, { log }),
      () => setMemberActive(service, second.id, { memberId: first.id, active: false }, { log }),
    ]);

    // The one who waited is no longer an admin by the time their turn comes.
    expect(results).toEqual([
      { ok: true, outcome: 'updated' },
      { ok: false, outcome: 'not_admin', message: TEAM_MESSAGES.not_admin },
    ]);
    expect(await activeAdmins()).toHaveLength(1);
  });
});
