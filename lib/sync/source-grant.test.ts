import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKING_FAILURE_MESSAGES, createSession } from '@/lib/booking/create-session';
import { searchPeople } from '@/lib/clients/search-people';
import type { Database as ProjectBDatabase } from '@/lib/database/project-b.types';
import type { EventContext } from '@/lib/observability/log';
import { silentLogger } from '@/lib/observability/log';
import type { ProjectBClient, ServiceClients } from '@/lib/supabase/clients';
import { serviceClientsFor, signInAs, THERAPISTS } from '@/lib/testing/demo';
import { partnerProfileUpdater, signUpPartnerPerson } from '@/lib/testing/partner-sign-ups';
import { sql as sharedStackSql } from '@/lib/testing/stack-clients';
import { appEnvironment, startEphemeralStack, type LocalStack } from '@/lib/testing/stack';
import { PROFILES_GRANT, PROFILES_GRANT_CHECK, PROFILES_GRANT_MISSING, SourceGrantMissingError } from './source-access';
import { fetchSourcePerson } from './source-person';
import { readBatchPeople } from './source-reader';
import { syncAllClients, syncClientById } from './sync-clients';
import { getSyncStatus } from './sync-status';
import { syncStatusRequest } from '@/app/api/sync/sync-http';

/**
 * A Project B whose owner has not run the one statement CareBridge needs. The
 * grant is revoked on a stack of this file's own, so the shared test stack
 * keeps it for every other file.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');

let stack: LocalStack;
let clients: ServiceClients;
let person: string;

async function query<Row extends pg.QueryResultRow>(project: 'a' | 'b', text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: stack[project].dbUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** What a sync or a booking could have written in A: compared before and after (this stack is this file's alone). */
async function projectAWrites(): Promise<Record<string, number>> {
  const [row] = await query<Record<string, string>>(
    'a',
    `select (select count(*) from public.clients) as clients, (select count(*) from public.care_team) as care_team,
            (select count(*) from public.sessions) as sessions, (select count(*) from public.client_audit_events) as audit,
            (select count(*) from public.client_email_conflicts) as conflicts, (select count(*) from public.sync_runs) as runs`,
  );
  return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
}

beforeAll(async () => {
  stack = await startEphemeralStack({ seed: true });
  clients = serviceClientsFor(stack);
  const updateProfile = partnerProfileUpdater((text, values) => query('b', text, values));
  person = (await signUpPartnerPerson(clients.projectB, { email: `no-grant-${randomUUID().slice(0, 8)}@partner.test` }, updateProfile)).id;
  await query('b', 'revoke select on public.profiles from service_role');
});

afterAll(async () => {
  await stack?.stop();
});

describe('a Project B whose service role may not read profiles', () => {
  it('is what the README check reports as false', async () => {
    const [check] = await query<{ has_table_privilege: boolean }>('b', PROFILES_GRANT_CHECK);
    expect(check?.has_table_privilege).toBe(false);
  });

  it('the single-person lookup and sync name the grant and write nothing in A', async () => {
    const before = await projectAWrites();

    expect(await fetchSourcePerson(clients.projectB, person)).toEqual({ ok: false, outcome: 'source_grant_missing', detail: PROFILES_GRANT_MISSING });
    const result = await syncClientById(clients, person, { source: 'cli', log: silentLogger });
    expect(result.outcome).toBe('source_grant_missing');
    expect(result.report).toMatchObject({ status: 'failed', created: 0, message: PROFILES_GRANT_MISSING });

    expect(await projectAWrites()).toEqual(before);
  });

  it('a booking of a B person fails with its own outcome, logs the named grant and writes nothing in A', async () => {
    const before = await projectAWrites();
    const events: { event: string; context: EventContext }[] = [];
    const user = await signInAs(stack, 'rivera');

    const result = await createSession(
      { user, ...clients },
      {
        therapistId: THERAPISTS.rivera.id,
        clientId: person,
        startsAt: '2032-02-03T10:00:00Z',
        durationMinutes: 50,
        sessionType: 'individual',
        notes: null,
        requestId: randomUUID(),
      },
      { log: (event, context) => events.push({ event, context }) },
    );

    expect(result).toEqual({ ok: false, outcome: 'source_grant_missing', message: BOOKING_FAILURE_MESSAGES.source_grant_missing });
    expect(events).toEqual([
      {
        event: 'booking.create_session',
        context: expect.objectContaining({ level: 'error', outcome: 'source_grant_missing', detail: PROFILES_GRANT_MISSING }),
      },
    ]);
    expect(String(events[0]?.context.detail)).toContain(PROFILES_GRANT);
    expect(await projectAWrites()).toEqual(before);
  });

  it('the booking picker still lists practice clients and says why Project B people are missing', async () => {
    const user = await signInAs(stack, 'rivera');
    const search = await searchPeople({ user, projectB: clients.projectB }, '');
    expect(search.results.length).toBeGreaterThan(0);
    expect(search.results.every((option) => option.source === 'practice')).toBe(true);
    expect(search.notice).toBe('Project B does not let CareBridge read its people yet, so only your practice clients are listed.');
  });

  it('the bulk sync fails at once with the named grant, records no run and writes nothing in A', async () => {
    const before = await projectAWrites();

    const report = await syncAllClients(clients, { source: 'api', log: silentLogger });

    expect(report).toMatchObject({ status: 'failed', runId: null, total: 0, scanned: 0, created: 0, message: PROFILES_GRANT_MISSING });
    expect(await projectAWrites()).toEqual(before);
  });

  it('a batch read of profiles gives up on the first refusal instead of retrying it', async () => {
    let profileRequests = 0;
    const counting: ProjectBClient = createClient<ProjectBDatabase>(stack.b.url, stack.b.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      db: { retry: false },
      global: {
        fetch: (input, init) => {
          if (String(input instanceof Request ? input.url : input).includes('/rest/v1/profiles')) profileRequests += 1;
          return fetch(input, init);
        },
      },
    });

    const read = readBatchPeople(counting, { index: 0, accounts: [[person, null, null]], after: null, through: null }, { deletedIds: new Set() }, 2);

    await expect(read).rejects.toBeInstanceOf(SourceGrantMissingError);
    await expect(read).rejects.toThrow(PROFILES_GRANT);
    expect(profileRequests).toBe(1);
  });

  it('the reconciliation names the grant, on its own and through the sync API', async () => {
    const before = await projectAWrites();

    await expect(getSyncStatus(clients)).rejects.toThrow(PROFILES_GRANT_MISSING);
    const token = `grant-test-${randomUUID()}`;
    const response = await syncStatusRequest(new Request('http://localhost/api/sync/status', { headers: { authorization: `Bearer ${token}` } }), {
      clients: () => clients,
      syncToken: token,
      log: silentLogger,
    });
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: 'source_grant_missing', message: PROFILES_GRANT_MISSING });

    expect(await projectAWrites()).toEqual(before);
  });

  it('the CLI prints the named grant for --status and --all, with no stack trace, and exits 1', async () => {
    const before = await projectAWrites();
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CAREBRIDGE_NO_ENV_FILES: '1',
      ...appEnvironment(stack, `cli-token-${randomUUID()}`),
    };
    const run = (args: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'sync', 'cli.ts'), ...args], {
          cwd: ROOT,
          env: env as NodeJS.ProcessEnv,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => resolve({ code, output }));
      });

    const [status, all] = await Promise.all([run(['--status']), run(['--all'])]);

    for (const { code, output } of [status, all]) {
      expect(code).toBe(1);
      expect(output).toContain(PROFILES_GRANT_MISSING);
      expect(output).not.toMatch(/^\s+at /m);
    }
    expect(await projectAWrites()).toEqual(before);
  });

  it('works again once the owner runs the one statement the message names', async () => {
    await query('b', PROFILES_GRANT);
    try {
      const [check] = await query<{ has_table_privilege: boolean }>('b', PROFILES_GRANT_CHECK);
      expect(check?.has_table_privilege).toBe(true);
      expect(await fetchSourcePerson(clients.projectB, person)).toMatchObject({ ok: true, outcome: 'found', person: { id: person } });
    } finally {
      await query('b', 'revoke select on public.profiles from service_role');
    }
  });
});

describe('the local Project B', () => {
  it('has the grant its owner gives CareBridge, and nothing else for the service role', async () => {
    const rows = await sharedStackSql<{ privilege_type: string }>(
      'b',
      `select a.privilege_type from pg_class c cross join lateral aclexplode(c.relacl) a
       where c.oid = 'public.profiles'::regclass and a.grantee = 'service_role'::regrole`,
    );
    expect(rows).toEqual([{ privilege_type: 'SELECT' }]);
    const [check] = await sharedStackSql<{ has_table_privilege: boolean }>('b', PROFILES_GRANT_CHECK);
    expect(check?.has_table_privilege).toBe(true);
  });
});
