import { createClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database as ProjectBDatabase } from '@/lib/database/project-b.types';
import { createProjectAServiceClient, createProjectBServiceClient, type ProjectBClient, type ServiceClients } from '@/lib/supabase/clients';
import { partnerSignUpsSql } from '@/lib/testing/partner-sign-ups';
import { startEphemeralStack, type LocalStack } from '@/lib/testing/stack';
import { forEachAccountPage } from './source-reader';
import { syncAllClients } from './sync-clients';
import { getSyncStatus } from './sync-status';

/**
 * A bulk import into B: 12,000 people over four created_at values. GoTrue's
 * admin list orders by created_at alone, so its offset pages disagree about
 * the order of people who tie, and the listing repeats some and skips others
 * (on Postgres 18, pages of 5,000 over this data skip 511 people and name 511
 * twice, run after run). This file seeds B with 12,000 people, so it runs on a
 * stack of its own rather than the shared test stack, whose files count B.
 */
const IMPORTED = 12_000;
const IMPORT_STAMPS = ['2026-03-01T09:00:00Z', '2026-03-01T09:00:01Z', '2026-06-15T12:00:00Z', '2026-11-30T23:59:59Z'];
const PAGE = 5000;

let stack: LocalStack;
let db: pg.Client;
let importedIds: string[];

/** `count` B sign-ups in one statement, their created_at taken in turn from `stamps` (none: now). */
async function signUp(count: number, label: string, stamps: string[] = []): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    partnerSignUpsSql(`
      select gen_random_uuid() as id, $1 || '-' || g || '@partner.test' as email, 'Person ' || $1 || ' ' || g as name,
             '' as encrypted_password,
             case when cardinality($3::timestamptz[]) = 0 then now()
                  else ($3::timestamptz[])[1 + g % cardinality($3::timestamptz[])] end as created_at
      from generate_series(1, $2::int) g`),
    [label, count, stamps],
  );
  return rows.map((row) => row.id);
}

/**
 * B's service client, as the app makes it, except that `duringListing` runs
 * once right after the first page of the admin list came back: people then
 * sign up between two pages of the listing, deterministically.
 */
function projectBWithSignUpsDuringListing(duringListing: () => Promise<void>): ProjectBClient {
  let fired = false;
  const hooked: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!fired && String(input instanceof Request ? input.url : input).includes('/auth/v1/admin/users?')) {
      fired = true;
      await duringListing();
    }
    return response;
  };
  return createClient<ProjectBDatabase>(stack.b.url, stack.b.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    db: { retry: false },
    global: { fetch: hooked },
  });
}

function clientsWith(projectB: ProjectBClient): ServiceClients {
  return { projectA: createProjectAServiceClient(stack.a.url, stack.a.serviceRoleKey), projectB };
}

async function countIn(project: 'a' | 'b', text: string, values: unknown[] = []): Promise<number> {
  const target = new pg.Client({ connectionString: stack[project].dbUrl });
  await target.connect();
  try {
    return Number((await target.query<{ n: string }>(text, values)).rows[0]?.n);
  } finally {
    await target.end();
  }
}

beforeAll(async () => {
  stack = await startEphemeralStack({ seed: false });
  db = new pg.Client({ connectionString: stack.b.dbUrl });
  await db.connect();
  importedIds = await signUp(IMPORTED, 'import', IMPORT_STAMPS);
  // A real B has had autovacuum over an import this size; the plan GoTrue's query gets depends on it.
  await db.query('vacuum analyze auth.users, public.profiles');
}, 180_000);

afterAll(async () => {
  await db?.end();
  await stack?.stop();
}, 60_000);

describe('Project B people who share a created_at', () => {
  it("are not all named once by GoTrue's offset listing", async () => {
    const seen = new Set<string>();
    let rows = 0;
    await forEachAccountPage(createProjectBServiceClient(stack.b.url, stack.b.serviceRoleKey), { perPage: PAGE }, (users) => {
      rows += users.length;
      for (const user of users) seen.add(user.id);
    });
    // The pages hold as many rows as B has people, yet some people are not among them: others came twice.
    expect(rows).toBe(IMPORTED);
    const skipped = importedIds.filter((id) => !seen.has(id)).length;
    expect(skipped).toBeGreaterThan(0);
    expect(seen.size).toBe(IMPORTED - skipped);
  });

  it('are each synced exactly once, with people signing up during the listing, and the reconciliation is exact', async () => {
    const duringSync: string[] = [];
    const syncClients = clientsWith(
      projectBWithSignUpsDuringListing(async () => {
        duringSync.push(...(await signUp(30, 'during-sync')));
      }),
    );

    const events: { event: string; unlisted?: unknown }[] = [];
    const report = await syncAllClients(syncClients, {
      source: 'cli',
      log: (event, fields) => events.push({ event, ...fields }),
    });

    const everyone = [...importedIds, ...duringSync];
    expect(duringSync).toHaveLength(30);
    expect(report).toMatchObject({ status: 'succeeded', errors: 0, conflicts: 0, orphans: 0 });
    expect(report.total).toBe(everyone.length);
    expect(report.scanned).toBe(everyone.length);
    expect(report.created).toBe(everyone.length);
    // The listing missed people (the 30 who signed up, at least); their profiles brought them in.
    const run = events.find((event) => event.event === 'sync.run');
    expect(run?.unlisted).toBeGreaterThanOrEqual(30);
    expect(await countIn('a', `select count(*) as n from public.clients where origin = 'project_b' and id = any($1::uuid[])`, [everyone])).toBe(
      everyone.length,
    );
    expect(await countIn('a', `select count(*) as n from public.clients where origin = 'project_b'`)).toBe(everyone.length);
    expect(await countIn('a', 'select total as n from public.sync_runs where id = $1 and scanned = total', [report.runId])).toBe(everyone.length);

    const duringStatus: string[] = [];
    const status = await getSyncStatus(
      clientsWith(
        projectBWithSignUpsDuringListing(async () => {
          duringStatus.push(...(await signUp(7, 'during-status')));
        }),
      ),
    );
    const peopleInB = await countIn('b', 'select count(*) as n from auth.users');
    expect(peopleInB).toBe(everyone.length + duringStatus.length);
    expect(status).toMatchObject({
      sourcePeople: peopleInB,
      synced: everyone.length,
      notSynced: duringStatus.length,
      stale: 0,
      orphans: 0,
      idTaken: 0,
    });
  });
});
