import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { serviceClientsFor } from '@/lib/testing/demo';
import { silentLogger } from '@/lib/observability/log';
import { inviteClientToPartnerApp } from '@/lib/partner-invite/invite-client';
import { createProjectBServiceClient } from '@/lib/supabase/clients';
import { linkIn, mailboxReader, openEmailLink } from '@/lib/testing/mailbox';
import { freePort, openOutbox, startProjectGateway } from '@/lib/testing/stack';
import { createTherapist, queryProject } from './support/database';
import { ClientPage, LoginPage, saveScreenshot } from './support/pages';
import { e2eStack } from './support/stack-file';

/** A therapist of this spec's own, a practice member, with a practice client of their own on their care team. */
async function therapistWithPracticeClient() {
  const { projectA } = serviceClientsFor(e2eStack());
  const tag = randomUUID().slice(0, 8);
  const therapist = await createTherapist();

  const client = { id: randomUUID(), name: `Invitee ${tag}`, email: `invitee-${tag}@clinic.test` };
  const inserted = await projectA
    .from('clients')
    .insert({ id: client.id, full_name: client.name, email: client.email, origin: 'native', created_by: therapist.id });
  if (inserted.error) throw inserted.error;
  const linked = await projectA.from('care_team').insert({ therapist_id: therapist.id, client_id: client.id });
  if (linked.error) throw linked.error;
  return { therapist, client };
}

/** Invites the client through a Project B whose e-mail limit is used up, as the app would: the account is made, the e-mail is not sent. */
async function inviteWithoutEmail(therapist: { id: string; name: string }, clientId: string) {
  const stack = e2eStack();
  const database = new URL(stack.b.dbUrl);
  database.pathname = '/postgres';
  const outbox = await openOutbox(database.toString());
  const gateway = await startProjectGateway({
    port: await freePort(),
    keys: stack.b,
    signing: stack.b.jwtSigning,
    dbUrl: stack.b.dbUrl,
    postgrestSocket: stack.b.postgrestSocket,
    mail: { outbox, project: 'b', siteUrl: 'http://localhost:3000', emailRateLimit: { events: 0, overSeconds: 3600 } },
  });
  try {
    const clients = {
      ...serviceClientsFor(stack),
      projectB: createProjectBServiceClient(gateway.url, stack.b.secretKey),
      projectBAuth: { url: gateway.url, serviceRoleKey: stack.b.secretKey },
    };
    return await inviteClientToPartnerApp(clients, { id: therapist.id, fullName: therapist.name, isAdmin: false }, clientId, {
      enabled: true,
      log: silentLogger,
    });
  } finally {
    await gateway.stop();
    await outbox.close();
  }
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

test('an invitation the partner app did not e-mail says so on the client page, and its button sends the one e-mail', async ({ page }) => {
  const { therapist, client } = await therapistWithPracticeClient();
  expect(await inviteWithoutEmail(therapist, client.id)).toMatchObject({ ok: true, outcome: 'invited', emailSent: false });
  const mailbox = mailboxReader(e2eStack().mailboxUrl);
  expect(await mailbox.list(client.email)).toEqual([]);

  await new LoginPage(page).signIn(therapist);
  const clientPage = new ClientPage(page);
  await clientPage.goto(client.id);
  await expect(clientPage.details).toContainText('Synced from Project B');
  await expect(clientPage.invitationEmail).toContainText('has not sent them the invitation e-mail');
  await clientPage.sendInvitationEmail.click();

  await expect(clientPage.notice).toHaveText('The partner app has e-mailed them the invitation.');
  await expect(clientPage.invitationEmail).toHaveCount(0);
  await expect(clientPage.auditRow('invite')).toHaveCount(3);
  await expect(clientPage.auditTrail).toContainText('The partner app did not send the invitation e-mail: its e-mail limit was reached');
  await expect(clientPage.auditTrail).toContainText(`The partner app sent the invitation e-mail (${client.email})`);
  const message = await mailbox.waitForMessage(client.email, { kind: 'invite' });
  expect((await mailbox.list(client.email)).map((m) => `${m.project}:${m.kind}`)).toEqual(['b:invite']);
  const accounts = await queryProject<{ n: string }>('b', 'select count(*) as n from auth.users where lower(email) = lower($1)', [client.email]);
  expect(accounts).toEqual([{ n: '1' }]);
  const opened = await openEmailLink(linkIn(message, /\/auth\/v1\/verify\?/));
  const { data } = await serviceClientsFor(e2eStack()).projectB.auth.getUser(opened.fragment.get('access_token') ?? '');
  expect(data.user?.id).toBe(client.id);
});
