import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { NOT_A_MEMBER_MESSAGE } from '@/lib/auth/therapist';
import type { PracticeAccount } from '@/lib/testing/practice-members';
import { createAccount, createClientOnCareTeam, createTherapist, queryProject, setMembershipActive } from './support/database';
import { Dashboard, LoginPage, NotAMemberPage, saveScreenshot } from './support/pages';

/**
 * Every page of the app as five people get it. The never-member is an account
 * made with the admin API and never added to the practice: to the app it is
 * the same as a stranger's self sign-up (stranger.spec.ts signs one up for real).
 */

/** The pages, with a client of the visitor's own care team where a page needs one. */
function pagesFor(clientId: string): string[] {
  return ['/', '/sessions', '/sessions/new', '/clients', '/clients/new', `/clients/${clientId}`, `/clients/${clientId}/edit`, '/sync'];
}

/** Signs in through the form in a browser of its own; `member` says which page to wait for. */
async function signedInPage(browser: Browser, account: PracticeAccount, member: boolean): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.fillAndSubmit(account.email, account.password);
  if (member) await expect(new Dashboard(page).therapistName).toHaveText(account.name);
  else await expect(new NotAMemberPage(page).message).toHaveText(NOT_A_MEMBER_MESSAGE);
  return page;
}

async function expectNotAMemberPage(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect({ path, status: response?.status() }).toEqual({ path, status: 403 });
  const notAMember = new NotAMemberPage(page);
  await expect(notAMember.message).toHaveText(NOT_A_MEMBER_MESSAGE);
  await expect(notAMember.signOut).toBeVisible();
  // Nothing of the practice: no navigation, no names, no client data.
  await expect(new Dashboard(page).nav).toHaveCount(0);
  await expect(page.getByText('Private notes')).toHaveCount(0);
}

test('an active member gets every page; /sync is a 403 for a therapist, open to an admin', async ({ browser }, testInfo) => {
  for (const role of ['therapist', 'admin'] as const) {
    const account = await createTherapist(role);
    const clientId = await createClientOnCareTeam(account.id, { name: `Own client ${randomUUID().slice(0, 8)}` });
    const page = await signedInPage(browser, account, true);
    for (const path of pagesFor(clientId)) {
      const response = await page.goto(path);
      if (path === '/sync' && role === 'therapist') {
        expect({ path, status: response?.status() }).toEqual({ path, status: 403 });
        await expect(page.getByTestId('forbidden')).toContainText('This page is for practice admins.');
        continue;
      }
      expect({ role, path, status: response?.status() }).toEqual({ role, path, status: 200 });
      await expect(new Dashboard(page).therapistName).toHaveText(account.name);
    }
    // Signed in, /login sends a member on.
    await page.goto('/login');
    await expect(page).toHaveURL(/\/sessions$/);
    await saveScreenshot(page, testInfo, `member-${role}`);
    await page.context().close();
  }
});

test('a signed-in account the practice never added gets the not-a-member page everywhere, /login included, and can sign out', async ({
  browser,
}, testInfo) => {
  const account = await createAccount('never-member');
  const someonesClient = await createClientOnCareTeam((await createTherapist()).id, { name: `Not theirs ${randomUUID().slice(0, 8)}` });
  const page = await signedInPage(browser, account, false);
  for (const path of pagesFor(someonesClient)) await expectNotAMemberPage(page, path);

  // No loop: /login shows the same page instead of sending them to the dashboard and back.
  const login = await page.goto('/login');
  expect(login?.status()).toBe(200);
  await expect(page).toHaveURL(/\/login$/);
  await expect(new NotAMemberPage(page).message).toHaveText(NOT_A_MEMBER_MESSAGE);
  await saveScreenshot(page, testInfo, 'not-a-member');

  await new NotAMemberPage(page).signOut.click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.goto('/sessions');
  await expect(page).toHaveURL(/\/login\?next=%2Fsessions$/);
  await page.context().close();
});

test('a deactivated member loses every page and every form on their very next request', async ({ browser }) => {
  const account = await createTherapist();
  const clientId = await createClientOnCareTeam(account.id, { name: `Before deactivation ${randomUUID().slice(0, 8)}` });
  const page = await signedInPage(browser, account, true);

  // A form opened while active, submitted after the deactivation: refused with the message, nothing written.
  await page.goto('/clients/new');
  const name = `Written after deactivation ${randomUUID().slice(0, 8)}`;
  await page.getByTestId('client-full-name').fill(name);
  await setMembershipActive(account.id, false);
  await page.getByTestId('save-client').click();
  await expect(page.getByTestId('form-message')).toHaveText(NOT_A_MEMBER_MESSAGE);
  await expect(page).toHaveURL(/\/clients\/new$/);
  expect(await queryProject('a', 'select 1 from public.clients where full_name = $1', [name])).toEqual([]);

  for (const path of pagesFor(clientId)) await expectNotAMemberPage(page, path);

  // Reactivated: the same session gets the practice back at once.
  await setMembershipActive(account.id, true);
  const back = await page.goto(`/clients/${clientId}`);
  expect(back?.status()).toBe(200);
  await expect(new Dashboard(page).therapistName).toHaveText(account.name);
  await page.context().close();
});

test('anon is sent to /login from every page', async ({ page }) => {
  const clientId = randomUUID();
  for (const path of pagesFor(clientId)) {
    await page.goto(path);
    const next = path === '/' ? '' : `?next=${encodeURIComponent(path)}`;
    await expect(page).toHaveURL(new RegExp(`/login${next.replace(/[?]/g, '\\?')}$`));
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  }
});
