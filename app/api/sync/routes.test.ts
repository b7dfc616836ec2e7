import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Json } from '@/lib/database/project-a.types';
import { fetchSourcePerson, syncRowFromSource } from '@/lib/sync/source-person';
import { holdBulkSlot, retryWhileBusy } from '@/lib/testing/bulk-runs';
import { generatePartnerPeople } from '@/lib/testing/partner-people';
import { createPartnerPerson, serviceClients, sql, stack } from '@/lib/testing/stack-clients';
import { addToPractice, createPracticeAccount } from '@/lib/testing/practice-members';
import { appEnvironment } from '@/lib/testing/stack';
import { createProjectAUserClient } from '@/lib/testing/user-client';

/**
 * The route handlers called as Next calls them (a Request, params as a
 * promise), with the app's settings pointed at the test stack.
 */
const TOKEN = `sync-token-${randomUUID()}`;
const CRON_SECRET = `cron-secret-${randomUUID()}`;

type Routes = {
  one: typeof import('./clients/[id]/route');
  all: typeof import('./clients/route');
  status: typeof import('./status/route');
  cron: typeof import('./cron/route');
};
let routes: Routes;
let savedEnv: Record<string, string | undefined> = {};

beforeAll(async () => {
  const settings = { ...appEnvironment(stack(), TOKEN), CRON_SECRET };
  savedEnv = Object.fromEntries(Object.keys(settings).map((key) => [key, process.env[key]]));
  Object.assign(process.env, settings);
  routes = {
    one: await import('./clients/[id]/route'),
    all: await import('./clients/route'),
    status: await import('./status/route'),
    cron: await import('./cron/route'),
  };
  // Route logs are JSON lines; keep the test output readable.
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  process.env.SYNC_API_TOKEN = TOKEN;
});

afterAll(() => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  vi.restoreAllMocks();
});

function request(path: string, init: { method?: string; token?: string | null; header?: string } = {}): Request {
  const headers = new Headers();
  if (init.header) headers.set('authorization', init.header);
  else if (init.token !== null) headers.set('authorization', `Bearer ${init.token ?? TOKEN}`);
  return new Request(`http://localhost${path}`, { method: init.method ?? 'POST', headers });
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

/** Another file's bulk run may hold the one slot on the shared stack: wait for it. */
function whenFree(send: () => Promise<Response>): Promise<Response> {
  return retryWhileBusy(send, (response) => response.status === 409);
}

/**
 * How one B person compares with A, by the comparison the status route runs over
 * every batch: the status itself only has totals, which other people move too.
 */
async function comparisonOf(personId: string) {
  const { projectA, projectB } = serviceClients();
  const lookup = await fetchSourcePerson(projectB, personId);
  if (!lookup.ok) throw new Error(`B person ${personId}: ${lookup.outcome}`);
  const { data, error } = await projectA
    .rpc('compare_clients_with_source', { batch: [syncRowFromSource(lookup.person)] as unknown as Json })
    .single();
  if (error) throw error;
  return { new: data.new, stale: data.stale, unchanged: data.unchanged, id_taken: data.id_taken };
}

describe('the sync API refuses callers without the token', () => {
  it('answers 401 without a bearer token, with a wrong one, and with another scheme', async () => {
    const id = randomUUID();
    const responses = [
      await routes.one.POST(request(`/api/sync/clients/${id}`, { token: null }), params(id)),
      await routes.one.POST(request(`/api/sync/clients/${id}`, { token: `${TOKEN}x` }), params(id)),
      await routes.one.POST(request(`/api/sync/clients/${id}`, { header: `Basic ${TOKEN}` }), params(id)),
      await routes.all.POST(request('/api/sync/clients', { token: 'wrong-token-wrong-token' })),
      await routes.status.GET(request('/api/sync/status', { method: 'GET', token: null })),
      await routes.cron.GET(request('/api/sync/cron', { method: 'GET', token: 'not-the-cron-secret' })),
    ];
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toMatchObject({ error: 'unauthorized' });
    }
    const [copied] = await sql('a', 'select 1 from public.clients where id = $1', [id]);
    expect(copied).toBeUndefined();
  });

  it("answers 401 to a signed-in user's own access token, an admin's included: the API is for machines", async () => {
    const { projectA } = serviceClients();
    const admin = await createPracticeAccount(projectA, 'sync-api-admin');
    await addToPractice(projectA, admin, 'admin');
    const stranger = await createPracticeAccount(projectA, 'sync-api-stranger');
    const person = await createPartnerPerson(serviceClients().projectB);
    for (const account of [admin, stranger]) {
      const user = createProjectAUserClient(stack().a.url, stack().a.publishableKey);
      const { data, error } = await user.auth.signInWithPassword(account);
      if (error) throw error;
      const token = data.session.access_token;
      const responses = [
        await routes.one.POST(request(`/api/sync/clients/${person.id}`, { token }), params(person.id)),
        await routes.all.POST(request('/api/sync/clients', { token })),
        await routes.status.GET(request('/api/sync/status', { method: 'GET', token })),
        await routes.cron.GET(request('/api/sync/cron', { method: 'GET', token })),
      ];
      for (const response of responses) {
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ error: 'unauthorized' });
      }
    }
    expect(await sql('a', 'select 1 from public.clients where id = $1', [person.id])).toEqual([]);
  });

  it('checks the token before the id, so a stranger learns nothing from a 400', async () => {
    const response = await routes.one.POST(request('/api/sync/clients/not-a-uuid', { token: null }), params('not-a-uuid'));
    expect(response.status).toBe(401);
  });

  it('answers 503 when the server has no token configured', async () => {
    delete process.env.SYNC_API_TOKEN;
    const response = await routes.status.GET(request('/api/sync/status', { method: 'GET' }));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'sync_api_disabled' });
  });
});

describe('POST /api/sync/clients/:id', () => {
  it('answers 400 for a malformed id', async () => {
    for (const id of ['not-a-uuid', '12345', `${randomUUID()}x`]) {
      const response = await routes.one.POST(request(`/api/sync/clients/${id}`), params(id));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_id' });
    }
  });

  it('copies one Project B person (200), audited as the API, and is idempotent', async () => {
    const person = await createPartnerPerson(serviceClients().projectB, { name: 'Api Person' });

    const first = await routes.one.POST(request(`/api/sync/clients/${person.id}`), params(person.id));
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.json()).toMatchObject({ clientId: person.id, outcome: 'created', report: { scanned: 1, created: 1, errors: 0 } });

    const second = await routes.one.POST(request(`/api/sync/clients/${person.id.toUpperCase()}`), params(person.id.toUpperCase()));
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ outcome: 'unchanged', report: { unchanged: 1 } });

    const audit = await sql('a', 'select action, source, actor_id, actor_label from public.client_audit_events where client_id = $1', [person.id]);
    expect(audit).toEqual([{ action: 'copy', source: 'api', actor_id: null, actor_label: 'sync API' }]);
  });

  it('answers 404 for an id Project B does not have', async () => {
    const id = randomUUID();
    const response = await routes.one.POST(request(`/api/sync/clients/${id}`), params(id));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ outcome: 'not_found', orphan: false });
  });
});

describe('POST /api/sync/clients, GET /api/sync/status and the cron route', () => {
  it('syncs everyone and answers with the report; the status then shows nothing left to sync', async () => {
    const person = await createPartnerPerson(serviceClients().projectB);
    expect(await comparisonOf(person.id)).toEqual({ new: 1, stale: 0, unchanged: 0, id_taken: 0 });

    const response = await whenFree(() => routes.all.POST(request('/api/sync/clients')));

    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({ scope: 'all', source: 'api', status: 'succeeded', errors: 0 });
    for (const key of ['scanned', 'created', 'updated', 'unchanged', 'conflicts', 'errors', 'elapsedMs']) expect(typeof report[key]).toBe('number');
    expect(report.created).toBeGreaterThanOrEqual(1);
    const [run] = await sql('a', 'select source, actor_label, status from public.sync_runs where id = $1', [report.runId]);
    expect(run).toEqual({ source: 'api', actor_label: 'sync API', status: 'succeeded' });
    const [copy] = await sql('a', 'select origin from public.clients where id = $1', [person.id]);
    expect(copy).toEqual({ origin: 'project_b' });

    const status = await routes.status.GET(request('/api/sync/status', { method: 'GET' }));
    expect(status.status).toBe(200);
    const body = await status.json();
    expect(body).toMatchObject({ lastRun: { id: report.runId } });
    for (const key of ['sourcePeople', 'synced', 'notSynced', 'stale', 'orphans', 'emailConflicts', 'idTaken'])
      expect(typeof body[key]).toBe('number');
    // Every B person is counted once: synced, not synced yet, or with an id a practice client holds.
    expect(body.synced + body.notSynced + body.idTaken).toBe(body.sourcePeople);
    // Nothing is left to sync for the person this test made: neither missing nor stale.
    expect(await comparisonOf(person.id)).toEqual({ new: 0, stale: 0, unchanged: 1, id_taken: 0 });
  });

  it('runs the nightly sync on GET with Vercel’s CRON_SECRET, or with the sync token', async () => {
    // Everyone other tests left unsynced is synced first, so the nightly run's counts are its own.
    expect((await whenFree(() => routes.all.POST(request('/api/sync/clients')))).status).toBe(200);
    const withCronSecret = await whenFree(() => routes.cron.GET(request('/api/sync/cron', { method: 'GET', token: CRON_SECRET })));
    expect(withCronSecret.status).toBe(200);
    const report = await withCronSecret.json();
    expect(report).toMatchObject({ status: 'succeeded', created: 0 });
    const [run] = await sql('a', 'select source, actor_label from public.sync_runs where id = $1', [report.runId]);
    expect(run).toEqual({ source: 'api', actor_label: 'nightly cron' });

    const withSyncToken = await whenFree(() => routes.cron.GET(request('/api/sync/cron', { method: 'GET' })));
    expect(withSyncToken.status).toBe(200);
    // The cron secret is only good for the cron route.
    const elsewhere = await routes.all.POST(request('/api/sync/clients', { token: CRON_SECRET }));
    expect(elsewhere.status).toBe(401);
  });
});

describe('one bulk sync at a time through the API', () => {
  it('answers 409 with the run already going, whoever started it, and writes nothing', async () => {
    const person = await createPartnerPerson(serviceClients().projectB);
    const label = `api-busy-${randomUUID()}`;
    const held = await holdBulkSlot(label);
    try {
      for (const send of [
        () => routes.all.POST(request('/api/sync/clients')),
        () => routes.cron.GET(request('/api/sync/cron', { method: 'GET', token: CRON_SECRET })),
      ]) {
        const response = await send();
        expect(response.status).toBe(409);
        const body = await response.json();
        expect(body).toMatchObject({
          error: 'sync_already_running',
          run: { id: held.runId, status: 'running', source: 'bulk', actorLabel: label, scanned: 0, startedAt: expect.any(String) as string },
        });
        expect(body.message).toContain(`run ${held.runId}`);
      }
      // A dry run takes no slot.
      expect((await routes.all.POST(request('/api/sync/clients?dry_run=1'))).status).toBe(200);
      const [copied] = await sql('a', 'select 1 from public.clients where id = $1', [person.id]);
      expect(copied).toBeUndefined();
    } finally {
      await held.release();
    }
  });

  it('ten POSTs at once: one runs, the nine others answer 409 naming it', async () => {
    // Enough people that the winner is still going when the nine others ask (a run reads all of B, so others' people count too).
    await generatePartnerPeople(300, 'api-burst');
    // A burst that met another file's run (ten 409s) is sent again once that run is over.
    let responses: { status: number; body: { runId?: string; run?: { id: string } } }[] = [];
    for (let attempt = 0; attempt < 20; attempt += 1) {
      responses = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const response = await routes.all.POST(request('/api/sync/clients'));
          return { status: response.status, body: (await response.json()) as { runId?: string; run?: { id: string } } };
        }),
      );
      if (responses.some((r) => r.status === 200)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const ran = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 409);
    expect(ran).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r.body.run?.id).toBe(ran[0]?.body.runId);
  }, 60_000);
});
