import { expect, test } from '@playwright/test';
import { DEMO_PARTNER_PERSON, THERAPISTS } from '@/lib/testing/demo';
import { e2eStack } from './support/stack-file';
import { ClientsPage, saveScreenshot, SessionsPage, savedSignIn } from './support/pages';

test.use(savedSignIn('chen'));

// The stack comes back on the same ports with the same data and keys, so the other specs
// carry on as before whether they run before or after this one, and the saved sign-ins stay good.
test('a signed-in therapist keeps working when the stack restarts under the running app', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const sessions = new SessionsPage(page);
  await sessions.goto();
  await expect(sessions.therapistName).toHaveText(THERAPISTS.chen.name);
  await expect(sessions.rows.first()).toBeVisible();

  const restart = await request.post(`${e2eStack().controlUrl}/restart-stack`, { timeout: 90_000 });
  expect(restart.status()).toBe(204);

  // Server-side rendering after the restart: the old cookie session is still accepted.
  await page.reload();
  await expect(page).toHaveURL(/\/sessions/);
  await expect(sessions.therapistName).toHaveText(THERAPISTS.chen.name);
  await expect(sessions.rows.first()).toBeVisible();

  await sessions.navLink('Clients').click();
  await expect(new ClientsPage(page).rows.first()).toBeVisible();

  // The picker's search reads Project B with the app's secret key, issued before the restart.
  const search = await page.request.get(`/api/people/search?q=${encodeURIComponent(DEMO_PARTNER_PERSON.name)}`);
  expect(search.status()).toBe(200);
  expect(JSON.stringify(await search.json())).toContain(DEMO_PARTNER_PERSON.name);
  await saveScreenshot(page, testInfo, 'after-stack-restart');
});
