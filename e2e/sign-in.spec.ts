import { expect, test } from '@playwright/test';
import { DEMO, saveScreenshot, signIn } from './support/pages';

test('a demo therapist signs in, lands on the dashboard and signs out', async ({ page }, testInfo) => {
  await page.goto('/sessions');
  await expect(page).toHaveURL(/\/login\?next=%2Fsessions$/);

  await signIn(page, 'rivera');
  await expect(page).toHaveURL(/\/sessions/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' })).toHaveAttribute('aria-current', 'page');
  await saveScreenshot(page, testInfo, 'dashboard');

  await page.locator('[data-test="sign-out"]').click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/clients');
  await expect(page).toHaveURL(/\/login\?next=%2Fclients$/);
});

test('a wrong password is refused with a message the therapist can act on', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(DEMO.chen.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('[data-test="form-message"]')).toHaveText('That e-mail and password do not match an account.');
  await expect(page.getByLabel('E-mail')).toHaveValue(DEMO.chen.email);
  await expect(page.getByLabel('Password')).toHaveValue('');
});

test('the picker search answers 401 JSON, not a login page, once signed out', async ({ request }) => {
  const response = await request.get('/api/people/search?q=a', { maxRedirects: 0 });
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: 'Sign in to search clients.' });
});
