import { randomUUID } from 'node:crypto';
import { expect, test, type Request } from '@playwright/test';
import { DEMO_CLIENTS, THERAPISTS } from '@/lib/testing/demo';
import { queryProject } from './support/database';
import { BookingForm, SessionsPage, savedSignIn } from './support/pages';
import { nextFormStart } from './support/start-times';

/** The request id a booking POST carries (the action's form fields go as multipart parts named `_1_<field>`). */
function requestIdSent(request: Request): string | null {
  const body = request.postDataBuffer()?.toString('utf8') ?? '';
  return /name="(?:_\d+_)?requestId"\r\n\r\n([^\r]*)\r\n/.exec(body)?.[1] ?? null;
}

test.describe('as Dr. Chen', () => {
  test.use(savedSignIn('chen'));

  test('a retry from the same form and a double click book one session, under the id the form made', async ({ page }) => {
    const client = DEMO_CLIENTS.samuelAdeyemi;
    const notes = `one request ${randomUUID()}`;
    const sent: string[] = [];
    page.on('request', (request) => {
      const id = request.method() === 'POST' ? requestIdSent(request) : null;
      if (id !== null) sent.push(id);
    });

    const form = new BookingForm(page);
    await form.goto();
    await form.picker.fill(client.name);
    await expect(form.option(client.name)).toBeVisible();
    await form.picker.press('ArrowDown');
    await form.picker.press('Enter');
    const start = nextFormStart();
    await form.date.fill(start.date);
    await form.time.fill(start.time);
    await form.duration.fill('500');
    await form.notes.fill(notes);
    await form.submit.click();
    await expect(page.getByText('A session lasts at most 240 minutes')).toBeVisible();

    await form.duration.fill('50');
    await form.submit.dblclick();

    await expect(page).toHaveURL(/\/sessions\?booked=/);
    await expect(new SessionsPage(page).bookedBanner).toBeVisible();
    const booked = await queryProject<{ id: string; request_id: string }>(
      'a',
      'select id, request_id from public.sessions where therapist_id = $1 and notes = $2',
      [THERAPISTS.chen.id, notes],
    );
    expect(booked).toHaveLength(1);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sent)).toEqual(new Set([booked[0]?.request_id]));
    expect(page.url()).toContain(`booked=${booked[0]?.id}`);
  });
});
