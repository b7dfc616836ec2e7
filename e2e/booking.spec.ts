import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { THERAPISTS } from '@/lib/testing/demo';
import { zonedDateTimeToUtc } from '@/lib/booking/time-zone';
import { PAST_START_MESSAGE } from '@/lib/booking/session.schema';
import { createPartnerPerson, queryProject } from './support/database';
import { BookingForm, ClientsPage, saveScreenshot, SessionsPage, savedSignIn } from './support/pages';
import { nextFormStart, pastFormStart } from './support/start-times';

test.describe('as Dr. Rivera', () => {
  test.use(savedSignIn('rivera'));

  test('booking a Project B person copies them into the practice and shows them on both dashboards', async ({ page }, testInfo) => {
    // A person of this test's own, in Project B only until it books them.
    const person = await createPartnerPerson({ name: `Kenji Watanabe ${randomUUID().slice(0, 8)}` });
    const name = person.name!;
    expect(await queryProject('a', 'select 1 from public.clients where id = $1', [person.id])).toHaveLength(0);

    const sessions = new SessionsPage(page);
    await sessions.goto();
    await sessions.bookSession.click();
    await expect(page).toHaveURL(/\/sessions\/new$/);

    const form = new BookingForm(page);
    await form.picker.fill(name);
    const option = form.option(name);
    await expect(option).toBeVisible();
    await expect(option).toHaveAttribute('data-source', 'project_b');
    await expect(option.getByTestId('badge-project-b')).toHaveText('Project B');
    // The picker is a keyboard combobox: arrow to the match and take it with Enter.
    await form.picker.press('ArrowDown');
    await form.picker.press('Enter');
    await expect(form.clientId).toHaveValue(person.id);

    const start = nextFormStart();
    await form.date.fill(start.date);
    await form.time.fill(start.time);
    await form.duration.fill('50');
    await form.type.selectOption('intake');
    await form.notes.fill('Referred through the partner app.');
    await saveScreenshot(page, testInfo, 'booking-form');
    await form.submit.click();

    await expect(page).toHaveURL(/\/sessions\?booked=/);
    await expect(sessions.bookedBanner).toBeVisible();
    await expect(sessions.row(name)).toBeVisible();
    await saveScreenshot(page, testInfo, 'sessions');

    await sessions.navLink('Clients').click();
    const clients = new ClientsPage(page);
    await expect(clients.row(name).getByTestId('badge-project-b')).toContainText('Synced from Project B');
    await saveScreenshot(page, testInfo, 'clients');

    const [copied] = await queryProject<{ origin: string; starts_at: Date }>(
      'a',
      `select c.origin, s.starts_at from public.clients c join public.sessions s on s.client_id = c.id where c.id = $1`,
      [person.id],
    );
    expect(copied?.origin).toBe('project_b');
    // The form's wall-clock time is read in London, Dr. Rivera's zone.
    expect(copied?.starts_at.toISOString()).toBe(zonedDateTimeToUtc(start.date, start.time, THERAPISTS.rivera.timeZone).toISOString());
  });

  test('a past start needs “This session already took place”, and the confirmation opens the Past tab', async ({ page }) => {
    const person = await createPartnerPerson({ name: `Past Session ${randomUUID().slice(0, 8)}` });
    const form = new BookingForm(page);
    await form.goto();
    await form.picker.fill(person.name!);
    await expect(form.option(person.name!)).toBeVisible();
    await form.picker.press('ArrowDown');
    await form.picker.press('Enter');
    const start = pastFormStart();
    await form.date.fill(start.date);
    await form.time.fill(start.time);
    await form.submit.click();

    await expect(form.date).toHaveAttribute('aria-invalid', 'true');
    await expect(form.date).toHaveAccessibleDescription(`In your time zone, ${THERAPISTS.rivera.timeZone} ${PAST_START_MESSAGE}`);
    expect(await queryProject('a', 'select 1 from public.sessions where client_id = $1', [person.id])).toHaveLength(0);

    await form.tookPlace.check();
    await form.submit.click();
    await expect(page).toHaveURL(/\/sessions\?tab=past&booked=/);
    const sessions = new SessionsPage(page);
    await expect(sessions.pastTab).toHaveAttribute('aria-current', 'page');
    await expect(sessions.bookedBanner).toBeVisible();
    await expect(sessions.row(person.name!)).toBeVisible();
  });

  test('a client who is not on your care team is a real 404', async ({ page }) => {
    const chensClient = THERAPISTS.chen.linkedClient;
    for (const path of [`/clients/${chensClient}`, `/clients/${chensClient}/edit`, '/clients/not-a-uuid']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: /not found/i })).toBeVisible();
    }
  });
});

test.describe('as Dr. Chen', () => {
  test.use(savedSignIn('chen'));

  test('the booking form keeps what was typed and points at the fields to fix', async ({ page }) => {
    const form = new BookingForm(page);
    await form.goto();
    await form.duration.fill('500');
    await form.notes.fill('Kept after the error');
    await form.submit.click();

    await expect(page.getByText('Choose a client from the list')).toBeVisible();
    await expect(page.getByText('A session lasts at most 240 minutes')).toBeVisible();
    // A screen reader hears the field as invalid, with its hint and its error.
    await expect(form.duration).toHaveAttribute('aria-invalid', 'true');
    await expect(form.duration).toHaveAccessibleDescription('15–240 minutes A session lasts at most 240 minutes');
    await expect(form.type).toHaveAttribute('aria-invalid', 'false');
    await expect(form.notes).toHaveValue('Kept after the error');
    await expect(page).toHaveURL(/\/sessions\/new$/);
  });
});
