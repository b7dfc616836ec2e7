import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { serviceClientsFor } from '@/lib/testing/demo';
import { profileUpdateSql, signUpPartnerPerson } from '@/lib/testing/partner-sign-ups';
import type { StackConnection } from '@/supabase/local/stack';
import { queryProject } from './support/database';
import { saveScreenshot, signIn } from './support/pages';
import { E2E_STACK_FILE } from './support/stack-file';

const RIVERA_ID = 'a0000000-0000-4000-8000-000000000001';

/** The stack and the tokens the e2e app server was started with (support/app-server.ts writes them to one file). */
function appTokens(): StackConnection & { syncApiToken: string; cronSecret: string } {
  return JSON.parse(readFileSync(E2E_STACK_FILE, 'utf8')) as StackConnection & { syncApiToken: string; cronSecret: string };
}

/** A Project B sign-up through B's admin API, as the partner app makes them; the profile is written in B's database. */
async function partnerPerson(name: string, email: string): Promise<string> {
  const { projectB } = serviceClientsFor(appTokens());
  const person = await signUpPartnerPerson(projectB, { name, email }, async (id, changes) => {
    const { text, values } = profileUpdateSql(id, changes);
    await queryProject('b', text, values);
  });
  return person.id;
}

test('the sync API: 401 without the bearer token, 400 for a malformed id, 200 with a report', async ({ request }) => {
  const { syncApiToken, cronSecret } = appTokens();
  const auth = { authorization: `Bearer ${syncApiToken}` };
  const personId = await partnerPerson('Api Over Http', `api-http-${randomUUID().slice(0, 8)}@partner.test`);

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

test('a therapist who is not an admin gets 403 on /sync, and no Sync link', async ({ page }) => {
  await signIn(page, 'chen');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' })).toHaveCount(0);

  const response = await page.goto('/sync');

  expect(response?.status()).toBe(403);
  await expect(page.locator('[data-test="forbidden"]')).toBeVisible();
  await expect(page.locator('[data-test="sync-now"]')).toHaveCount(0);
});

test('an admin runs a bulk sync from /sync, follows it to the end, and resolves an e-mail conflict', async ({ page }, testInfo) => {
  const tag = randomUUID().slice(0, 8);
  const email = `e2e-conflict-${tag}@example.test`;
  const personId = await partnerPerson(`Partner Person ${tag}`, email);
  // A practice client of Dr. Rivera with the same address, in other letter case.
  const [native] = await queryProject<{ id: string }>(
    'a',
    `insert into public.clients (full_name, email, phone, origin, created_by) values ($1, $2, '+44 20 7946 0777', 'native', $3) returning id::text`,
    [`Practice Person ${tag}`, email.toUpperCase(), RIVERA_ID],
  );
  await queryProject('a', 'insert into public.care_team (therapist_id, client_id) values ($1, $2)', [RIVERA_ID, native!.id]);

  await signIn(page, 'rivera');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
  await expect(page).toHaveURL(/\/sync$/);
  const notSynced = page.locator('[data-test="status-not-synced"] [data-test="status-value"]');
  await expect(notSynced).not.toHaveText('0');
  await saveScreenshot(page, testInfo, 'sync-before');

  await page.locator('[data-test="sync-now"]').click();
  await expect(page.locator('[data-test="sync-result"]')).toContainText('Sync finished.', { timeout: 30_000 });
  await expect(page.locator('[data-test="run-created"]')).not.toHaveText('0');
  await expect(notSynced).toHaveText('0');
  await expect(page.locator('[data-test="run-row"]').first()).toHaveAttribute('data-status', 'succeeded');

  const conflict = page.locator('[data-test="conflict-row"]', { hasText: email });
  await expect(conflict).toContainText(`Practice Person ${tag}`);
  await expect(conflict).toContainText(`Partner Person ${tag}`);
  await saveScreenshot(page, testInfo, 'sync-after');
  await conflict.locator('[data-test="resolve-same-person"]').click();
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
  await page.goto(`/clients/${personId}`);
  // Streamed in after the loading state: wait until it is shown, not only in the DOM.
  await expect(page.locator('[data-test="client-name"]')).toBeVisible();
  await expect(page.locator('[data-test="client-name"]')).toHaveText(`Partner Person ${tag}`);
  await expect(page.locator('[data-test="client-conflict"]')).toHaveAttribute('data-status', 'same_person');
  const trail = page.locator('[data-test="audit-trail"]');
  await expect(trail.locator('[data-test="audit-row"][data-action="copy"]')).toHaveAttribute('data-source', 'bulk');
  await expect(trail.locator('[data-test="audit-row"][data-action="conflict_resolved"]')).toContainText('You');
  await expect(trail).toBeVisible();
  await saveScreenshot(page, testInfo, 'client-after-link');
});
