import { expect, test } from '@playwright/test';
import { THERAPISTS } from '@/lib/testing/demo';
import { createTherapist } from './support/database';
import { LoginPage, saveScreenshot } from './support/pages';

// The one spec that signs in through the form itself; the others start from the setup project's saved state.
test('a therapist signs in, lands on the dashboard and signs out', async ({ page }, testInfo) => {
  const therapist = await createTherapist();
  await page.goto('/sessions');
  await expect(page).toHaveURL(/\/login\?next=%2Fsessions$/);

  const dashboard = await new LoginPage(page).signIn(therapist);
  await expect(page).toHaveURL(/\/sessions/);
  await expect(dashboard.navLink('Sessions')).toHaveAttribute('aria-current', 'page');
  await saveScreenshot(page, testInfo, 'dashboard');

  await dashboard.signOut.click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/clients');
  await expect(page).toHaveURL(/\/login\?next=%2Fclients$/);
});

test('a wrong password is refused with a message the therapist can act on', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.fillAndSubmit(THERAPISTS.chen.email, 'not-the-password');
  await expect(login.message).toHaveText('That e-mail and password do not match an account.');
  await expect(login.email).toHaveValue(THERAPISTS.chen.email);
  await expect(login.password).toHaveValue('');
});

test('the picker search answers 401 JSON, not a login page, once signed out', async ({ request }) => {
  const response = await request.get('/api/people/search?q=a', { maxRedirects: 0 });
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: 'Sign in to search clients.' });
});
