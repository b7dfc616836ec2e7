import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { NOT_A_MEMBER_MESSAGE } from '@/lib/auth/therapist';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import { createClientOnCareTeam, createPartnerPerson, createTherapist, queryProject, selfSignUp } from './support/database';
import { BookingForm, LoginPage, NotAMemberPage, saveScreenshot } from './support/pages';
import { e2eStack } from './support/stack-file';

/**
 * The outsider of issue 10: someone signs themselves up on Project A with the
 * public key (hosted projects allow it unless the owner turns it off) and tries
 * what worked before membership existed: search Project B's people, book a
 * synced client (which put the booker on the care team), then read that
 * client's page, audit trail and e-mail conflicts. Each step now gets nothing.
 */
test('a self-registered stranger finds no people, books nothing and reads no client', async ({ browser, page }, testInfo) => {
  // A synced client of the practice, with an audit trail and an open e-mail conflict.
  const person = await createPartnerPerson({ name: `Synced Person ${randomUUID().slice(0, 8)}` });
  const therapist = await createTherapist();
  const syncedId = await createClientOnCareTeam(therapist.id, { id: person.id, name: person.name ?? 'Synced', origin: 'project_b' });
  const nativeId = await createClientOnCareTeam(therapist.id, { name: `Native twin ${randomUUID().slice(0, 8)}` });
  await queryProject('a', `insert into public.client_audit_events (client_id, action, outcome, source) values ($1, 'copy', 'created', 'bulk')`, [
    syncedId,
  ]);
  await queryProject(
    'a',
    `insert into public.client_email_conflicts (native_client_id, synced_client_id, email, detected_via) values ($1, $2, $3, 'bulk')`,
    [nativeId, syncedId, person.email],
  );

  const stranger = await selfSignUp();
  const login = new LoginPage(page);
  await login.goto();
  await login.fillAndSubmit(stranger.email, stranger.password);
  await expect(new NotAMemberPage(page).message).toHaveText(NOT_A_MEMBER_MESSAGE);

  // 1. The picker's search, which used to list B's people with their e-mails.
  const search = await page.request.get(`/api/people/search?q=${encodeURIComponent(person.name ?? '')}`, { maxRedirects: 0 });
  expect(search.status()).toBe(403);
  const searchBody = await search.text();
  expect(JSON.parse(searchBody)).toEqual({ error: NOT_A_MEMBER_MESSAGE });
  expect(searchBody).not.toContain(person.email);

  // 2. Booking the synced client: the booking form as a member's browser has it, posted
  //    as a plain form POST. From the member it books (the control); replayed from the
  //    stranger's session it must write nothing, and above all not add them to the care team.
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await new LoginPage(memberPage).signIn(therapist);
  await new BookingForm(memberPage).goto();
  const formFields = await memberPage.getByTestId('book-session-form').evaluate((element) => {
    const values: Record<string, string> = {};
    new FormData(element as HTMLFormElement).forEach((value, key) => {
      if (typeof value === 'string') values[key] = value;
    });
    return values;
  });
  const bookingPost = (date: string) => ({
    headers: { origin: new URL(page.url()).origin },
    multipart: {
      ...formFields,
      clientId: syncedId,
      clientSource: 'project_b',
      date,
      time: '10:00',
      durationMinutes: '50',
      sessionType: 'individual',
      // The form makes its request id when it is first submitted; a replay brings its own.
      requestId: randomUUID(),
    },
    maxRedirects: 0,
  });
  const control = await memberPage.request.post('/sessions/new', bookingPost('2031-07-01'));
  expect(control.status()).toBe(303);
  expect(await queryProject('a', 'select therapist_id from public.sessions where client_id = $1', [syncedId])).toEqual([
    { therapist_id: therapist.id },
  ]);
  await memberContext.close();

  const booking = await page.request.post('/sessions/new', bookingPost('2031-07-02'));
  expect(booking.status()).not.toBe(303);
  expect(await queryProject('a', 'select therapist_id from public.sessions where client_id = $1', [syncedId])).toEqual([
    { therapist_id: therapist.id },
  ]);
  expect(await queryProject('a', 'select 1 from public.care_team where therapist_id = $1', [stranger.id])).toEqual([]);

  // 3. The client's page (phone, notes, audit trail, conflict) and the admin page with every conflict.
  for (const path of [`/clients/${syncedId}`, `/clients/${syncedId}/edit`, '/sync']) {
    const response = await page.goto(path);
    expect({ path, status: response?.status() }).toEqual({ path, status: 403 });
    await expect(new NotAMemberPage(page).message).toHaveText(NOT_A_MEMBER_MESSAGE);
    await expect(page.getByText(person.name ?? '')).toHaveCount(0);
    await expect(page.getByText('Private notes')).toHaveCount(0);
    await expect(page.getByTestId('audit-trail')).toHaveCount(0);
  }
  await saveScreenshot(page, testInfo, 'stranger-client-page');

  // 4. The same through the REST API with the stranger's own JWT, and the sync API with their cookies.
  const { a } = e2eStack();
  const rest = createProjectAUserClient(a.url, a.publishableKey, stranger.accessToken);
  for (const table of ['clients', 'client_audit_events', 'client_email_conflicts', 'sessions', 'care_team'] as const) {
    const { data, error } = await rest.from(table).select('*');
    expect({ table, error, data }).toEqual({ table, error: null, data: [] });
  }
  for (const [method, path] of [
    ['POST', `/api/sync/clients/${syncedId}`],
    ['POST', '/api/sync/clients'],
    ['GET', '/api/sync/status'],
    ['GET', '/api/sync/cron'],
  ] as const) {
    const response = await page.request.fetch(path, { method, maxRedirects: 0 });
    expect({ path, status: response.status() }).toEqual({ path, status: 401 });
  }
  expect(await queryProject('a', `select status::text from public.client_email_conflicts where synced_client_id = $1`, [syncedId])).toEqual([
    { status: 'open' },
  ]);
});
