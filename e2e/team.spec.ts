import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { linkIn, mailboxReader } from '@/lib/testing/mailbox';
import { createTherapist, queryProject } from './support/database';
import { Dashboard, LoginPage, saveScreenshot } from './support/pages';
import { e2eStack } from './support/stack-file';

const mailbox = () => mailboxReader(e2eStack().mailboxUrl);

/** Elements that stick out past the screen's right edge, other than inside a scrolling table. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((element) => !element.closest('.table-wrap') && element.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${element.className}`),
  );
}

test('an admin invites a therapist, who sets a password from the e-mail, reaches the dashboard and signs in again with it', async ({
  page,
  browser,
}, testInfo) => {
  const admin = await createTherapist('admin');
  const tag = randomUUID().slice(0, 8);
  const invited = { email: `invited.e2e-${tag}@carebridge.test`, name: `Dr. Invited ${tag}`, password: `own-e2e-${tag}` };

  await new LoginPage(page).signIn(admin);
  await page.goto('/team');
  const form = page.getByTestId('add-member-form');
  await form.getByLabel('E-mail').fill(invited.email);
  await form.getByLabel('Name').fill(invited.name);
  await form.getByLabel('Time zone').selectOption('Europe/Lisbon');
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(form.getByTestId('form-message')).toContainText(`Invitation sent to ${invited.email}.`);
  const row = page.getByTestId('member-row').filter({ hasText: invited.email });
  await expect(row.getByTestId('member-status')).toHaveText('Invited · waiting for them to set a password');
  await expect(row.getByRole('button', { name: /Reactivate/ })).toHaveCount(0);
  // Straight away is too soon: the admin is told how long to wait.
  await row.getByRole('button', { name: /Resend invitation/ }).click();
  await expect(row.getByTestId('resend-invitation-feedback')).toContainText('You can send it again in');
  await saveScreenshot(page, testInfo, 'team-invited');

  const message = await mailbox().waitForMessage(invited.email, { kind: 'invite' });
  expect(message.subject).toBe("You're invited to CareBridge");
  const link = linkIn(message, /Set your password/);
  expect(new URL(link).origin).toBe(new URL(page.url()).origin);

  const theirs = await browser.newContext();
  const invitedPage = await theirs.newPage();
  await invitedPage.goto(link);
  await expect(invitedPage).toHaveURL(/\/accept-invitation$/);
  await expect(invitedPage.getByTestId('invitation-email')).toHaveText(invited.email);
  await invitedPage.getByLabel('New password', { exact: true }).fill(invited.password);
  await invitedPage.getByLabel('Repeat the new password').fill(invited.password);
  await invitedPage.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(invitedPage).toHaveURL(/\/sessions/);
  const dashboard = new Dashboard(invitedPage);
  await expect(dashboard.therapistName).toHaveText(invited.name);

  await dashboard.signOut.click();
  await expect(invitedPage).toHaveURL(/\/login$/);
  await new LoginPage(invitedPage).fillAndSubmit(invited.email, invited.password);
  await expect(invitedPage).toHaveURL(/\/sessions/);

  // The link worked once; opened again it says what to do.
  await invitedPage.goto(link);
  await expect(invitedPage).toHaveURL(/\/accept-invitation\?link=expired$/);
  await expect(invitedPage.getByTestId('link-problem')).toContainText('Ask your practice’s admin to send you a new invitation');
  await theirs.close();

  await page.reload();
  await expect(row.getByTestId('member-status')).toHaveText('Active');
  const history = page.getByTestId('team-event').filter({ hasText: invited.name });
  await expect(history.filter({ hasText: 'Invited as therapist (Europe/Lisbon)' })).toContainText(admin.name);
  await expect(history.filter({ hasText: 'Set their password and joined' })).toHaveCount(1);
});

test('an admin adds a therapist with a temporary password instead, who chooses their own at first sign-in; deactivating sends them out', async ({
  page,
  browser,
}, testInfo) => {
  const admin = await createTherapist('admin');
  const tag = randomUUID().slice(0, 8);
  const newcomer = { email: `new.e2e-${tag}@carebridge.test`, name: `Dr. Newcomer ${tag}`, password: `chosen-e2e-${tag}` };

  // The admin adds them and reads the temporary password, once.
  await new LoginPage(page).signIn(admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
  await expect(page).toHaveURL(/\/team$/);
  const form = page.getByTestId('add-member-form');
  await form.getByLabel('E-mail').fill(newcomer.email);
  await form.getByLabel('Name').fill(newcomer.name);
  await form.getByLabel('Time zone').selectOption('Asia/Tokyo');
  await form.getByLabel('Role').selectOption('therapist');
  await form.getByRole('button', { name: 'Create with a temporary password instead' }).click();
  const temporaryPassword = (await page.getByTestId('temporary-password').textContent()) ?? '';
  expect(temporaryPassword).toHaveLength(20);
  const row = page.getByTestId('member-row').filter({ hasText: newcomer.email });
  await expect(row).toContainText(newcomer.name);
  await expect(row).toContainText('Asia/Tokyo');
  await expect(row.getByTestId('member-status')).toContainText('Active');
  await saveScreenshot(page, testInfo, 'team-added');

  // The same address again is a field error, and no second account appears.
  await form.getByLabel('E-mail').fill(newcomer.email);
  await form.getByLabel('Name').fill('Someone Else');
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(form.locator('#email-error')).toHaveText('This e-mail already has an account.');
  expect(await queryProject('a', 'select 1 from auth.users where email = $1', [newcomer.email])).toHaveLength(1);

  await page.reload();
  await expect(page.getByTestId('temporary-password')).toHaveCount(0);
  expect(await page.content()).not.toContain(temporaryPassword);

  // The newcomer signs in with it and is held at the choose-a-password page.
  const theirs = await browser.newContext();
  const newcomerPage = await theirs.newPage();
  const login = new LoginPage(newcomerPage);
  await login.goto();
  await login.fillAndSubmit(newcomer.email, temporaryPassword);
  await expect(newcomerPage).toHaveURL(/\/choose-password$/);
  await newcomerPage.goto('/clients');
  await expect(newcomerPage).toHaveURL(/\/choose-password$/);
  await newcomerPage.getByLabel('Temporary password').fill(temporaryPassword);
  await newcomerPage.getByLabel('New password', { exact: true }).fill(newcomer.password);
  await newcomerPage.getByLabel('New password again').fill(newcomer.password);
  await newcomerPage.getByRole('button', { name: 'Save and continue' }).click();
  await expect(newcomerPage).toHaveURL(/\/sessions/);
  await expect(newcomerPage.getByTestId('therapist-name')).toHaveText(newcomer.name);
  // A therapist, not an admin: the team page is a real 403.
  expect((await newcomerPage.goto('/team'))?.status()).toBe(403);

  // The admin deactivates them; their next request sends them out.
  await page.reload();
  await row.getByRole('button', { name: /Deactivate/ }).click();
  await expect(row.getByTestId('member-active-feedback')).toHaveText('Deactivated and signed out.');
  await expect(row.getByTestId('member-status')).toContainText('Deactivated');
  const history = page.getByTestId('team-event').filter({ hasText: newcomer.name });
  await expect(history.filter({ hasText: 'Deactivated and signed out' })).toHaveCount(1);
  await expect(history.filter({ hasText: 'Chose their own password' })).toHaveCount(1);
  await expect(history.filter({ hasText: 'Added as therapist (Asia/Tokyo)' })).toContainText(admin.name);
  await saveScreenshot(page, testInfo, 'team-deactivated');

  await newcomerPage.goto('/sessions');
  await expect(newcomerPage).toHaveURL(/\/login/);
  await theirs.close();
});

test('the team and settings pages fit a 390 px screen and work from the keyboard', async ({ page }, testInfo) => {
  const admin = await createTherapist('admin');
  await page.setViewportSize({ width: 390, height: 844 });
  await new LoginPage(page).signIn(admin);

  await page.goto('/team');
  await expect(page.getByTestId('team-table')).toBeVisible();
  expect(await overflowing(page)).toEqual([]);
  await saveScreenshot(page, testInfo, 'team-390');

  await page.goto('/settings');
  expect(await overflowing(page)).toEqual([]);
  const name = page.getByLabel('Display name');
  await name.focus();
  await name.fill(`${admin.name} (renamed)`);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Time zone')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('settings-form').getByTestId('form-message')).toHaveText('Settings saved.');
  await expect(page.getByTestId('therapist-name')).toHaveText(`${admin.name} (renamed)`);
  await saveScreenshot(page, testInfo, 'settings-390');
});
