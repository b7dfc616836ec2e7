import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { THERAPISTS } from '@/lib/testing/demo';
import { createPartnerPeople, createPartnerPerson, queryProject } from './support/database';
import { ClientPage, saveScreenshot, savedSignIn, SyncPage } from './support/pages';
import { e2eStack } from './support/stack-file';

test('the sync API: 401 without the bearer token, 400 for a malformed id, 200 with a report', async ({ request }) => {
  const { syncApiToken, cronSecret } = e2eStack();
  const auth = { authorization: `Bearer ${syncApiToken}` };
  const { id: personId } = await createPartnerPerson({ name: 'Api Over Http', email: `api-http-${randomUUID().slice(0, 8)}@partner.test` });

  const anonymous = await request.post(`/api/sync/clients/${personId}`);
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()['www-authenticate']).toMatch(/^Bearer/);
  expect((await request.post(`/api/sync/clients/${personId}`, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status()).toBe(401);
  expect((await request.get('/api/sync/status')).status()).toBe(401);
  // Not sent to /login like a page: the API answers for itself.
  expect((await request.post('/api/sync/clients', { maxRedirects: 0 })).status()).toBe(401);

  const malformed = await request.post('/api/sync/clients/not-a-uuid', { headers: auth });
  expect(malformed.status()).toBe(400);
  expect(await malformed.json()).toMatchObject({ error: 'invalid_id' });

  const one = await request.post(`/api/sync/clients/${personId}`, { headers: auth });
  expect(one.status()).toBe(200);
  expect(await one.json()).toMatchObject({ clientId: personId, outcome: 'created', report: { created: 1 } });

  const all = await request.post('/api/sync/clients', { headers: auth });
  expect(all.status()).toBe(200);
  const report = await all.json();
  expect(report).toMatchObject({ scope: 'all', status: 'succeeded', errors: 0 });
  expect(report.scanned).toBe(report.total);

  const status = await request.get('/api/sync/status', { headers: auth });
  expect(status.status()).toBe(200);
  expect(await status.json()).toMatchObject({ notSynced: 0, stale: 0, lastRun: { id: report.runId } });

  // Vercel Cron: GET with its CRON_SECRET.
  const cron = await request.get('/api/sync/cron', { headers: { authorization: `Bearer ${cronSecret}` } });
  expect(cron.status()).toBe(200);
  expect(await cron.json()).toMatchObject({ status: 'succeeded', created: 0 });
});

test('ten bulk syncs at once over HTTP: one runs, nine answer 409 naming it', async ({ request }) => {
  const { syncApiToken } = e2eStack();
  const auth = { authorization: `Bearer ${syncApiToken}` };
  await createPartnerPeople(1500, `burst-${randomUUID().slice(0, 8)}`);

  const responses = await Promise.all(Array.from({ length: 10 }, () => request.post('/api/sync/clients', { headers: auth })));

  const bodies = await Promise.all(responses.map(async (response) => ({ status: response.status(), body: await response.json() })));
  const ran = bodies.filter((r) => r.status === 200);
  const refused = bodies.filter((r) => r.status === 409);
  expect(ran).toHaveLength(1);
  expect(refused).toHaveLength(9);
  for (const { body } of refused) {
    expect(body).toMatchObject({ error: 'sync_already_running', run: { id: ran[0]?.body.runId, source: 'api', actorLabel: 'sync API' } });
  }
});

test.describe('as Dr. Chen', () => {
  test.use(savedSignIn('chen'));

  test('a therapist who is not an admin gets 403 on /sync, and no Sync link', async ({ page }) => {
    await page.goto('/sessions');
    const sync = new SyncPage(page);
    await expect(sync.therapistName).toHaveText(THERAPISTS.chen.name);
    await expect(sync.navLink('Sync')).toHaveCount(0);

    const response = await page.goto('/sync');

    expect(response?.status()).toBe(403);
    await expect(sync.forbidden).toBeVisible();
    await expect(sync.syncNow).toHaveCount(0);
  });
});

test.describe('as Dr. Rivera', () => {
  test.use(savedSignIn('rivera'));

  test('an admin runs a bulk sync from /sync, follows it to the end, and resolves an e-mail conflict', async ({ page }, testInfo) => {
    const tag = randomUUID().slice(0, 8);
    const email = `e2e-conflict-${tag}@example.test`;
    const { id: personId } = await createPartnerPerson({ name: `Partner Person ${tag}`, email });
    // A practice client of Dr. Rivera with the same address, in other letter case.
    const [native] = await queryProject<{ id: string }>(
      'a',
      `insert into public.clients (full_name, email, phone, origin, created_by) values ($1, $2, '+44 20 7946 0777', 'native', $3) returning id::text`,
      [`Practice Person ${tag}`, email.toUpperCase(), THERAPISTS.rivera.id],
    );
    await queryProject('a', 'insert into public.care_team (therapist_id, client_id) values ($1, $2)', [THERAPISTS.rivera.id, native!.id]);

    await page.goto('/sessions');
    const sync = new SyncPage(page);
    await sync.navLink('Sync').click();
    await expect(page).toHaveURL(/\/sync$/);
    await expect(sync.notSynced).not.toHaveText('0');
    await saveScreenshot(page, testInfo, 'sync-before');

    await sync.syncNow.click();
    await expect(sync.result).toContainText('Sync finished.', { timeout: 30_000 });
    await expect(sync.runCreated).not.toHaveText('0');
    await expect(sync.notSynced).toHaveText('0');
    await expect(sync.runRows.first()).toHaveAttribute('data-status', 'succeeded');

    const conflict = sync.conflictRow(email);
    await expect(conflict).toContainText(`Practice Person ${tag}`);
    await expect(conflict).toContainText(`Partner Person ${tag}`);
    await saveScreenshot(page, testInfo, 'sync-after');
    await conflict.getByTestId('resolve-same-person').click();
    await expect(conflict).toHaveCount(0);

    const [resolved] = await queryProject<{ status: string; linked: string }>(
      'a',
      `select x.status::text, n.linked_client_id::text as linked
       from public.client_email_conflicts x join public.clients n on n.id = x.native_client_id
       where x.synced_client_id = $1`,
      [personId],
    );
    expect(resolved).toEqual({ status: 'same_person', linked: personId });

    // Linked: Dr. Rivera now sees the person, with the conflict's outcome and the sync history.
    const client = new ClientPage(page);
    await client.goto(personId);
    // Streamed in after the loading state: wait until it is shown, not only in the DOM.
    await expect(client.name).toBeVisible();
    await expect(client.name).toHaveText(`Partner Person ${tag}`);
    await expect(client.conflict).toHaveAttribute('data-status', 'same_person');
    await expect(client.auditRow('copy')).toHaveAttribute('data-source', 'bulk');
    await expect(client.auditRow('conflict_resolved')).toContainText('You');
    await expect(client.auditTrail).toBeVisible();
    await saveScreenshot(page, testInfo, 'client-after-link');
  });
});

test.describe('as Dr. Rivera, one sync at a time', () => {
  test.use(savedSignIn('rivera'));

  test('"Sync all" while another run goes names that run; once its process is gone it shows as interrupted, and "Run again" finishes the job', async ({
    page,
  }, testInfo) => {
    const label = `cli:e2e-${randomUUID().slice(0, 8)}@host`;
    const sync = new SyncPage(page);
    await page.goto('/sync');
    await expect(sync.syncNow).toBeEnabled();

    // A run started from the command line after this page loaded, still beating.
    const [held] = await queryProject<{ id: string }>(
      'a',
      `insert into public.sync_runs (scope, source, actor_label, total, scanned) values ('all', 'cli', $1, 400, 150) returning id::text`,
      [label],
    );
    try {
      await sync.syncNow.click();
      await expect(sync.message).toContainText('A sync is already running');
      await expect(sync.message).toContainText(label);
      await expect(sync.progress).toHaveAttribute('data-run-id', held!.id);
      await expect(sync.progress).toContainText('150 of 400 people');
      await saveScreenshot(page, testInfo, 'sync-already-running');

      // Its process dies: the heartbeat stops (aged here past the stale bound instead of waiting for it).
      await queryProject('a', `update public.sync_runs set heartbeat_at = now() - interval '1 minute' where id = $1`, [held!.id]);
      await expect(sync.progress).toHaveAttribute('data-status', 'interrupted');
      await expect(sync.result).toContainText('This sync was interrupted');
      await expect(sync.result).toContainText('150 of 400 people were done');
      await saveScreenshot(page, testInfo, 'sync-interrupted');

      await sync.runAgain.click();
      await expect(sync.result).toContainText('Sync finished.', { timeout: 30_000 });
      await expect(page.locator(`[data-test="run-row"][data-run-id="${held!.id}"]`)).toHaveAttribute('data-status', 'interrupted');
      await expect(page.locator(`[data-test="run-row"][data-run-id="${held!.id}"]`)).toContainText('Interrupted');
    } finally {
      // Whatever happened above, the slot is not left to this row.
      await queryProject('a', `update public.sync_runs set status = 'interrupted' where id = $1 and status = 'running'`, [held!.id]);
    }
  });
});
