import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { THERAPISTS } from '@/lib/testing/demo';
import { Dashboard, savedSignIn } from './support/pages';
import { e2eStack } from './support/stack-file';

const BROWSER_ASSETS = path.resolve(import.meta.dirname, '..', '.next-e2e', 'static');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test.use(savedSignIn('rivera'));

test('no server-only secret reaches the browser: not in the built assets, not in a page', async ({ page }) => {
  const stack = e2eStack();
  const secrets = {
    'Project A secret key': stack.a.secretKey,
    'Project B secret key': stack.b.secretKey,
    'Project A signing private key': String(stack.a.signingKey.d),
    'Project A service-role key': stack.a.serviceRoleKey,
    'Project B service-role key': stack.b.serviceRoleKey,
    'Project B URL': stack.b.url,
    'Project A JWT secret': stack.a.jwtSecret,
  };

  const scripts = filesUnder(BROWSER_ASSETS).filter((file) => file.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  const bundle = scripts.map((file) => readFileSync(file, 'utf8')).join('\n');
  // Text from the booking picker proves the scan reads the app's real client bundle.
  expect(bundle.includes('Search by name or e-mail')).toBe(true);
  for (const [name, value] of Object.entries(secrets)) {
    expect(bundle.includes(value), `${name} found in the browser bundle`).toBe(false);
  }

  for (const route of ['/sessions', '/clients', '/sessions/new']) {
    await page.goto(route);
    // Signed in (the saved state), so each route shows what a therapist sees.
    await expect(new Dashboard(page).therapistName).toHaveText(THERAPISTS.rivera.name);
    const html = await page.content();
    for (const [name, value] of Object.entries(secrets)) {
      expect(html.includes(value), `${name} found in ${route}`).toBe(false);
    }
  }
});
