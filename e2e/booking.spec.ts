import { expect, test } from '@playwright/test';
import { queryProject } from './support/database';
import { saveScreenshot, signIn } from './support/pages';

// Kenji Watanabe exists only in Project B until someone books him.
const KENJI = { id: 'b0000000-0000-4000-8000-000000000005', name: 'Kenji Watanabe' };

test('booking a Project B person copies them into the practice and shows them on both dashboards', async ({ page }, testInfo) => {
  expect(await queryProject('a', 'select 1 from public.clients where id = $1', [KENJI.id])).toHaveLength(0);
  await signIn(page, 'rivera');

  await page.locator('[data-test="book-session"]').click();
  await expect(page).toHaveURL(/\/sessions\/new$/);

  const picker = page.locator('[data-test="client-picker"]');
  await picker.fill('Kenji');
  const option = page.locator('[data-test="client-option"]', { hasText: KENJI.name });
  await expect(option).toBeVisible();
  await expect(option).toHaveAttribute('data-source', 'project_b');
  await expect(option.locator('.badge.project-b')).toHaveText('Project B');
  // The picker is a keyboard combobox: arrow to the match and take it with Enter.
  await picker.press('ArrowDown');
  await picker.press('Enter');
  await expect(page.locator('[data-test="client-id"]')).toHaveValue(KENJI.id);

  await page.locator('[data-test="session-date"]').fill('2031-05-20');
  await page.locator('[data-test="session-time"]').fill('10:30');
  await page.locator('[data-test="session-duration"]').fill('50');
  await page.locator('[data-test="session-type"]').selectOption('intake');
  await page.locator('[data-test="session-notes"]').fill('Referred through the partner app.');
  await saveScreenshot(page, testInfo, 'booking-form');
  await page.locator('[data-test="submit-booking"]').click();

  await expect(page).toHaveURL(/\/sessions\?booked=/);
  await expect(page.locator('[data-test="booked-banner"]')).toBeVisible();
  await expect(page.locator('[data-test="session-row"]', { hasText: KENJI.name })).toBeVisible();
  await saveScreenshot(page, testInfo, 'sessions');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  const row = page.locator('[data-test="client-row"]', { hasText: KENJI.name });
  await expect(row.locator('[data-test="badge-project-b"]')).toContainText('Synced from Project B');
  await saveScreenshot(page, testInfo, 'clients');

  const [copied] = await queryProject<{ origin: string; starts_at: Date }>(
    'a',
    `select c.origin, s.starts_at from public.clients c join public.sessions s on s.client_id = c.id where c.id = $1`,
    [KENJI.id],
  );
  expect(copied?.origin).toBe('project_b');
  // 10:30 on 20 May in London (Dr. Rivera's zone) is 09:30 UTC.
  expect(copied?.starts_at.toISOString()).toBe('2031-05-20T09:30:00.000Z');
});

test('the booking form keeps what was typed and points at the fields to fix', async ({ page }) => {
  await signIn(page, 'chen');
  await page.goto('/sessions/new');
  await page.locator('[data-test="session-duration"]').fill('500');
  await page.locator('[data-test="session-notes"]').fill('Kept after the error');
  await page.locator('[data-test="submit-booking"]').click();

  await expect(page.getByText('Choose a client from the list')).toBeVisible();
  await expect(page.getByText('A session lasts at most 240 minutes')).toBeVisible();
  // A screen reader hears the field as invalid, with its hint and its error.
  const duration = page.getByLabel('Duration (minutes)');
  await expect(duration).toHaveAttribute('aria-invalid', 'true');
  await expect(duration).toHaveAccessibleDescription('15–240 minutes A session lasts at most 240 minutes');
  await expect(page.getByLabel('Session type')).toHaveAttribute('aria-invalid', 'false');
  await expect(page.locator('[data-test="session-notes"]')).toHaveValue('Kept after the error');
  await expect(page).toHaveURL(/\/sessions\/new$/);
});

test('a client who is not on your care team is a real 404', async ({ page }) => {
  await signIn(page, 'rivera');
  const chensClient = 'c0000000-0000-4000-8000-000000000004';
  for (const path of [`/clients/${chensClient}`, `/clients/${chensClient}/edit`, '/clients/not-a-uuid']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: /not found/i })).toBeVisible();
  }
});
