import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { serviceClientsFor } from '@/lib/testing/demo';
import { linkIn, mailboxReader, openEmailLink } from '@/lib/testing/mailbox';
import { queryProject } from './support/database';
import { ClientPage, LoginPage, saveScreenshot } from './support/pages';
import { e2eStack } from './support/stack-file';

/** A therapist of this spec's own, a practice member, with a practice client of their own on their care team. */
async function therapistWithPracticeClient() {
  const { projectA } = serviceClientsFor(e2eStack());
  const tag = randomUUID().slice(0, 8);
  const therapist = { email: `dr.invite-${tag}@carebridge.test`, name: `Dr. Invite ${tag}`, password: `e2e-pass-${tag}` };
  const user = await projectA.auth.admin.createUser({ email: therapist.email, password: therapist.password, email_confirm: true });
  if (user.error || !user.data.user) throw new Error(`A createUser failed: ${user.error?.message}`);
  const therapistId = user.data.user.id;
  const member = await projectA.from('practice_members').insert({ user_id: therapistId, display_name: therapist.name, time_zone: 'Europe/London' });
  if (member.error) throw member.error;

  const client = { id: randomUUID(), name: `Invitee ${tag}`, email: `invitee-${tag}@clinic.test` };
  const inserted = await projectA
    .from('clients')
    .insert({ id: client.id, full_name: client.name, email: client.email, origin: 'native', created_by: therapistId });
  if (inserted.error) throw inserted.error;
  const linked = await projectA.from('care_team').insert({ therapist_id: therapistId, client_id: client.id });
  if (linked.error) throw linked.error;
  return { therapist, client };
}

test.use({ viewport: { width: 390, height: 844 } });

test('a therapist invites a practice client to the partner app from the client page, with the keyboard, at 390 px', async ({ page }, testInfo) => {
  const { therapist, client } = await therapistWithPracticeClient();
  await new LoginPage(page).signIn(therapist);
  const clientPage = new ClientPage(page);
  await clientPage.goto(client.id);
  await expect(clientPage.details).toContainText('Practice');

  // The confirmation opens from the keyboard, takes the focus, and Escape closes it again.
  await clientPage.openInvite.focus();
  await page.keyboard.press('Enter');
  await expect(clientPage.confirmInvite).toContainText(client.email);
  await expect(clientPage.sendInvite).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(clientPage.confirmInvite).toBeHidden();
  await expect(clientPage.openInvite).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(clientPage.sendInvite).toBeFocused();
  const confirmation = await clientPage.confirmInvite.boundingBox();
  expect((confirmation?.x ?? 0) + (confirmation?.width ?? Infinity)).toBeLessThanOrEqual(390);
  await saveScreenshot(page, testInfo, 'invite-confirmation-390');
  await page.keyboard.press('Enter');

  // The invitation and its e-mail, not an account without one.
  await expect(clientPage.notice).toHaveText(/^Invited to the partner app\. It has e-mailed them the invitation/);
  await expect(clientPage.details).toContainText('Synced from Project B');
  await expect(clientPage.invited).toContainText('by you');
  await expect(clientPage.openInvite).toHaveCount(0);
  await expect(clientPage.auditRow('invite')).toHaveCount(1);
  // The client's details fit the phone's screen.
  const details = await clientPage.details.boundingBox();
  expect((details?.x ?? 0) + (details?.width ?? Infinity)).toBeLessThanOrEqual(390);
  expect(await clientPage.details.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  await saveScreenshot(page, testInfo, 'invited-client-390');

  // One person under one id in both projects.
  const accounts = await queryProject<{ email: string }>('b', 'select email from auth.users where id = $1', [client.id]);
  expect(accounts).toEqual([{ email: client.email }]);
  const profiles = await queryProject<{ name: string }>('b', 'select name from public.profiles where id = $1', [client.id]);
  expect(profiles).toEqual([{ name: client.name }]);
  const rows = await queryProject<{ origin: string }>('a', 'select origin from public.clients where id = $1', [client.id]);
  expect(rows).toEqual([{ origin: 'project_b' }]);

  // B's invitation e-mail, once, and its link signs the person in on B under the same id.
  const mailbox = mailboxReader(e2eStack().mailboxUrl);
  const message = await mailbox.waitForMessage(client.email, { kind: 'invite' });
  expect(message.project).toBe('b');
  expect((await mailbox.list(client.email)).map((m) => `${m.project}:${m.kind}`)).toEqual(['b:invite']);
  const opened = await openEmailLink(linkIn(message, /\/auth\/v1\/verify\?/));
  const { data } = await serviceClientsFor(e2eStack()).projectB.auth.getUser(opened.fragment.get('access_token') ?? '');
  expect(data.user?.id).toBe(client.id);
});
