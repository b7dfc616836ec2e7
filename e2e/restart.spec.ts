import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_STACK_FILE } from './support/stack-file';
import { DEMO, saveScreenshot, signIn } from './support/pages';

function controlUrl(): string {
  const { controlUrl: url } = JSON.parse(readFileSync(E2E_STACK_FILE, 'utf8')) as { controlUrl: string };
  return url;
}

// The stack comes back on the same ports with the same data and keys, so the other specs
// carry on as before whether they run before or after this one.
test('a signed-in therapist keeps working when the stack restarts under the running app', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'chen');
  await expect(page.locator('[data-test="session-row"]').first()).toBeVisible();

  const restart = await request.post(`${controlUrl()}/restart-stack`, { timeout: 90_000 });
  expect(restart.status()).toBe(204);

  // Server-side rendering after the restart: the old cookie session is still accepted.
  await page.reload();
  await expect(page).toHaveURL(/\/sessions/);
  await expect(page.locator('[data-test="therapist-name"]')).toHaveText(DEMO.chen.name);
  await expect(page.locator('[data-test="session-row"]').first()).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  await expect(page.locator('[data-test="client-row"]').first()).toBeVisible();

  // The picker's search reads Project B with the app's secret key, issued before the restart.
  const search = await page.request.get('/api/people/search?q=Jordan');
  expect(search.status()).toBe(200);
  expect(JSON.stringify(await search.json())).toContain('Jordan Blake');
  await saveScreenshot(page, testInfo, 'after-stack-restart');
});
