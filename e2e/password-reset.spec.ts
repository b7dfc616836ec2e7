import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { linkIn, mailboxReader, type MailboxMessage } from '@/lib/testing/mailbox';
import { createTherapist, queryProject } from './support/database';
import { Dashboard, LoginPage, saveScreenshot } from './support/pages';
import { e2eStack } from './support/stack-file';

/**
 * A therapist who forgot their password gets back in through the e-mail the auth server
 * sends, read from the local mailbox as an e2e suite reads Mailpit. Each test resets a
 * therapist (and practice member) of its own: the demo therapists' passwords stay as they are.
 */
const mailbox = () => mailboxReader(e2eStack().mailboxUrl);
const SAME_ANSWER = 'If that address belongs to a CareBridge account, a link to choose a new password is on its way. It works once, for an hour.';

async function askForResetLink(page: Page, email: string): Promise<void> {
  await page.goto('/forgot-password');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByTestId('form-message')).toHaveText(SAME_ANSWER);
}

async function resetLinkFor(email: string, after?: MailboxMessage): Promise<{ message: MailboxMessage; link: string }> {
  const message = await mailbox().waitForMessage(email, { kind: 'recovery', after });
  return { message, link: linkIn(message, /Choose a new password/) };
}

async function chooseNewPassword(page: Page, password: string): Promise<void> {
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the new password').fill(password);
  await page.getByRole('button', { name: 'Save and sign in' }).click();
}

test('a therapist resets a forgotten password from the e-mail and signs in with the new one', async ({ page }, testInfo) => {
  const therapist = await createTherapist();
  const newPassword = `fresh-${randomUUID().slice(0, 8)}`;

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await askForResetLink(page, therapist.email);

  const { message, link } = await resetLinkFor(therapist.email);
  expect(message.subject).toBe('Reset your CareBridge password');
  expect(new URL(link).origin).toBe(new URL(page.url()).origin);
  await page.goto(link);
  await expect(page).toHaveURL(/\/reset-password$/);
  await expect(page.getByTestId('reset-email')).toHaveText(therapist.email);
  await saveScreenshot(page, testInfo, 'choose-new-password');

  await chooseNewPassword(page, newPassword);
  await expect(page).toHaveURL(/\/sessions/);
  const dashboard = new Dashboard(page);
  await expect(dashboard.therapistName).toHaveText(therapist.name);

  await dashboard.signOut.click();
  await expect(page).toHaveURL(/\/login$/);
  const login = new LoginPage(page);
  await login.fillAndSubmit(therapist.email, therapist.password);
  await expect(login.message).toHaveText('That e-mail and password do not match an account.');
  await login.signIn({ ...therapist, password: newPassword });
});

test('the page answers the same for an unknown address and for a repeat too soon', async ({ page }) => {
  const therapist = await createTherapist();
  await askForResetLink(page, therapist.email);
  await askForResetLink(page, therapist.email);
  const unknown = `nobody-${randomUUID().slice(0, 8)}@carebridge.test`;
  await askForResetLink(page, unknown);

  expect(await mailbox().list(therapist.email)).toHaveLength(1);
  expect(await mailbox().list(unknown)).toEqual([]);
});

test('an expired link says so and lets the therapist ask for a new one', async ({ page }) => {
  const therapist = await createTherapist();
  await askForResetLink(page, therapist.email);
  const first = await resetLinkFor(therapist.email);
  // An hour and a bit later, as far as the auth server can tell.
  await queryProject('a', "update auth.users set recovery_sent_at = now() - interval '61 minutes' where id = $1", [therapist.id]);

  await page.goto(first.link);
  await expect(page).toHaveURL(/\/forgot-password\?link=expired$/);
  await expect(page.getByTestId('link-problem')).toHaveText('That reset link has expired or has already been used. Ask for a new one below.');

  await page.getByLabel('E-mail').fill(therapist.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByTestId('form-message')).toHaveText(SAME_ANSWER);
  const second = await resetLinkFor(therapist.email, first.message);
  await page.goto(second.link);
  await expect(page).toHaveURL(/\/reset-password$/);
});

test('a link that was already used says so, and does not sign anyone in', async ({ page, browser }) => {
  const therapist = await createTherapist();
  await askForResetLink(page, therapist.email);
  const { link } = await resetLinkFor(therapist.email);
  await page.goto(link);
  await chooseNewPassword(page, `fresh-${randomUUID().slice(0, 8)}`);
  await expect(page).toHaveURL(/\/sessions/);

  // Someone else opening the same e-mail later, in another browser.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(link);
  await expect(otherPage).toHaveURL(/\/forgot-password\?link=expired$/);
  await expect(otherPage.getByTestId('link-problem')).toBeVisible();
  await otherPage.goto('/sessions');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
});

test('a link with its token cut off is refused without asking the auth server', async ({ page }) => {
  await page.goto('/auth/confirm?token_hash=abc&type=recovery');
  await expect(page).toHaveURL(/\/forgot-password\?link=invalid$/);
  await expect(page.getByTestId('link-problem')).toContainText('That reset link is incomplete.');
});

test.describe('on a 390 px phone, by keyboard alone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('asking for the link and choosing the new password need no mouse and no sideways scrolling', async ({ page }, testInfo) => {
    const therapist = await createTherapist();
    const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

    await page.goto('/forgot-password');
    await expect(page.getByLabel('E-mail')).toBeFocused();
    await page.keyboard.type(therapist.email);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('form-message')).toHaveText(SAME_ANSWER);
    expect(await noSidewaysScroll()).toBe(true);
    await saveScreenshot(page, testInfo, 'forgot-password-390');

    await page.goto((await resetLinkFor(therapist.email)).link);
    await expect(page.getByLabel('New password', { exact: true })).toBeFocused();
    const password = `fresh-${randomUUID().slice(0, 8)}`;
    await page.keyboard.type(password);
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Repeat the new password')).toBeFocused();
    await page.keyboard.type('not the same');
    await page.keyboard.press('Enter');
    await expect(page.getByText('The two passwords differ')).toBeVisible();
    expect(await noSidewaysScroll()).toBe(true);
    await saveScreenshot(page, testInfo, 'reset-password-390');

    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the new password').focus();
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/sessions/);
  });
});
