import { expect, type Page, type TestInfo } from '@playwright/test';

export const DEMO = {
  rivera: { email: 'dr.rivera@carebridge.test', name: 'Dr. Ana Rivera' },
  chen: { email: 'dr.chen@carebridge.test', name: 'Dr. Wei Chen' },
  password: 'carebridge-demo',
} as const;

export async function signIn(page: Page, who: keyof Omit<typeof DEMO, 'password'> = 'rivera'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(DEMO[who].email);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('[data-test="therapist-name"]')).toHaveText(DEMO[who].name);
}

/** A full-page screenshot kept in test-results/ (and attached to the report) as evidence of what the test saw. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
