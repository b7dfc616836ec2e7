import { randomUUID } from 'node:crypto';
import { expect, test, type APIResponse, type Page, type Response } from '@playwright/test';
import { THERAPISTS } from '@/lib/testing/demo';
import type { PracticeAccount } from '@/lib/testing/practice-members';
import { createPartnerPerson, createTherapist, queryProject } from './support/database';
import { BookingForm, LoginPage } from './support/pages';

/*
 * The edge as a browser meets it: security headers on every kind of response,
 * the session cookie's flags, no CSP violation while a therapist works, and
 * clear answers to requests that are wrong.
 */

type AnyResponse = Pick<APIResponse | Response, 'headers' | 'status' | 'url'>;

/** What every response must carry, page, redirect, 404, JSON or file alike. */
function expectSecurityHeaders(response: AnyResponse) {
  const headers = response.headers();
  const where = `${response.status()} ${response.url()}`;
  const csp = headers['content-security-policy'] ?? '';
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) {
    expect(csp, `${directive} on ${where}`).toContain(directive);
  }
  expect(headers['x-content-type-options'], where).toBe('nosniff');
  expect(headers['referrer-policy'], where).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy'], where).toContain('camera=()');
  // The app is served over plain http here; HSTS belongs to https only.
  expect(headers['strict-transport-security'], where).toBeUndefined();
}

function expectNonceScripts(response: AnyResponse) {
  expect(response.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
}

function expectPrivate(response: AnyResponse) {
  const cacheControl = response.headers()['cache-control'] ?? '';
  expect(cacheControl, response.url()).toContain('no-store');
  expect(cacheControl, response.url()).toContain('private');
  expect(cacheControl, response.url()).not.toMatch(/s-maxage|public/);
}

/** CSP violations, as the page itself reports them and as the console logs them. */
async function recordCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI} on ${location.pathname}`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test.describe('signed out', () => {
  test('every kind of response carries the security headers, and pages run scripts by nonce only', async ({ page, request }) => {
    const login = await request.get('/login');
    expect(login.status()).toBe(200);
    expectSecurityHeaders(login);
    expectNonceScripts(login);

    // The nonce differs per response, and Next put this response's nonce on its scripts.
    const html = await login.text();
    const nonce = /'nonce-([^']+)'/.exec(login.headers()['content-security-policy'] ?? '')?.[1];
    expect(html).toContain(`nonce="${nonce}"`);
    expect((await request.get('/login')).headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`);

    for (const path of ['/', '/sessions', '/clients/not-a-page', '/sync']) {
      const redirect = await request.get(path, { maxRedirects: 0 });
      expect(redirect.status(), path).toBe(307);
      expect(redirect.headers().location, path).toMatch(/^\/login/);
      expectSecurityHeaders(redirect);
    }

    const api = await request.get('/api/people/search?q=a');
    expect(api.status()).toBe(401);
    expectSecurityHeaders(api);

    // A built script and a missing file, which the proxy never sees: next.config.ts gives them the headers.
    const script = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await request.get(script!);
    expect(asset.status()).toBe(200);
    expectSecurityHeaders(asset);
    expect(asset.headers()['cache-control']).toContain('immutable');
    expectSecurityHeaders(await request.get('/favicon.ico'));

    await page.goto('/login');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  test('a body over the limit is answered 413 with a message, by server actions and route handlers alike', async ({ request }) => {
    const big = 'x'.repeat(300 * 1024);
    const action = await request.post('/login', { headers: { 'next-action': '0'.repeat(42), 'content-type': 'text/plain' }, data: big });
    expect(action.status()).toBe(413);
    expect(await action.text()).toContain('larger than 256 KB');
    expectSecurityHeaders(action);

    const api = await request.post('/api/sync/clients', { headers: { 'content-type': 'application/json' }, data: big });
    expect(api.status()).toBe(413);
    expect(await api.json()).toEqual({ error: 'payload_too_large', message: expect.stringContaining('larger than 256 KB') });
  });

  test('a crafted next parameter keeps the therapist on the site after signing in', async ({ page, baseURL }) => {
    const member = await createTherapist();
    await page.goto(`/login?next=${encodeURIComponent('/\t/evil.example')}`);
    await new LoginPage(page).signIn(member);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await expect(page).toHaveURL(/\/sessions$/);
  });
});

test.describe('behind an https front end', () => {
  // What a TLS front end forwards, and the Origin a browser on the https address sends with its POSTs.
  test.use({ extraHTTPHeaders: { 'x-forwarded-proto': 'https', origin: `https://127.0.0.1:${process.env.E2E_PORT}` } });

  test('pages and files add HSTS, and the session cookie is Secure', async ({ page, request }) => {
    for (const path of ['/login', '/sessions', '/api/people/search?q=a', '/favicon.ico']) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.headers()['strict-transport-security'], path).toBe('max-age=63072000; includeSubDomains; preload');
    }
    expect((await request.get('/login')).headers()['content-security-policy']).toContain('upgrade-insecure-requests');

    const member = await createTherapist();
    const setCookies: string[] = [];
    page.on('response', async (response) => {
      const header = await response.headerValue('set-cookie');
      if (header) setCookies.push(...header.split('\n').filter((line) => line.startsWith('sb-')));
    });
    await page.goto('/login');
    await new LoginPage(page).fillAndSubmit(member.email, member.password);
    await expect.poll(() => setCookies.length).toBeGreaterThan(0);
    for (const line of setCookies) {
      expect(line).toMatch(/; Secure/i);
      expect(line).toMatch(/; HttpOnly/i);
      expect(line).toMatch(/; SameSite=Lax/i);
      expect(line).toMatch(/; Max-Age=43200/i);
    }
  });
});

test.describe('signed in as a member of its own', () => {
  let member: PracticeAccount;

  test.beforeEach(async ({ page }) => {
    member = await createTherapist();
    await new LoginPage(page).signIn(member);
  });

  test('the session cookie is HttpOnly, SameSite=Lax, lives 12 hours, and is not Secure only on plain-http 127.0.0.1', async ({ context }) => {
    const cookies = (await context.cookies()).filter(({ name }) => name.startsWith('sb-'));
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie, cookie.name).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
      const hoursLeft = (cookie.expires - Date.now() / 1000) / 3600;
      expect(hoursLeft).toBeGreaterThan(11.9);
      expect(hoursLeft).toBeLessThanOrEqual(12);
    }
    // No script on the page can read it.
    const page = context.pages()[0]!;
    expect(await page.evaluate(() => document.cookie)).not.toContain('sb-');
  });

  test('every page, redirect, 404 and API answer is private and carries the security headers', async ({ page }) => {
    const request = page.request;
    for (const path of ['/sessions', '/sessions/new', '/clients', '/clients/new', '/login']) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect([200, 307], path).toContain(response.status());
      expectSecurityHeaders(response);
      expectPrivate(response);
    }
    // `/` is a redirect; it used to answer with s-maxage=31536000.
    const home = await request.get('/', { maxRedirects: 0 });
    expect(home.status()).toBe(307);
    expectSecurityHeaders(home);
    expectPrivate(home);

    for (const path of ['/no-such-page', `/clients/${randomUUID()}`]) {
      const missing = await request.get(path);
      expect(missing.status(), path).toBe(404);
      expectSecurityHeaders(missing);
      expectNonceScripts(missing);
      expectPrivate(missing);
    }

    const forbidden = await request.get('/sync');
    expect(forbidden.status()).toBe(403);
    expectSecurityHeaders(forbidden);
    expectPrivate(forbidden);

    const api = await request.get('/api/people/search?q=zz');
    expect(api.status()).toBe(200);
    expectSecurityHeaders(api);
    expectPrivate(api);
  });

  test('the main pages and a booking run with no CSP violation', async ({ page }) => {
    const violations = await recordCspViolations(page);
    const person = await createPartnerPerson({ name: `Csp Person ${randomUUID().slice(0, 8)}` });

    for (const path of ['/sessions', '/clients', '/clients/new', '/no-such-page']) {
      await page.goto(path);
      await expect(page.locator('h1').first()).toBeVisible();
    }

    // The picker's fetch, the form's server action, and the navigation after it.
    const form = new BookingForm(page);
    await form.goto();
    await form.picker.fill(person.name!);
    await expect(form.option(person.name!)).toBeVisible();
    await form.picker.press('ArrowDown');
    await form.picker.press('Enter');
    await expect(form.clientId).toHaveValue(person.id);
    await form.date.fill('2032-06-01');
    await form.time.fill('09:30');
    await form.duration.fill('50');
    await form.submit.click();
    await expect(page).toHaveURL(/\/sessions\?booked=/);
    await page.getByRole('link', { name: 'Clients' }).first().click();
    await expect(page).toHaveURL(/\/clients$/);

    expect(violations).toEqual([]);
  });

  test('resolving a conflict that is not yours is refused clearly, changes nothing, and is no server error', async ({ page }) => {
    const tag = randomUUID().slice(0, 8);
    // One conflict on this member's care team (so the page offers the form), one on Dr. Rivera's alone.
    const pair = async (therapistId: string) => {
      const [native] = await queryProject<{ id: string }>(
        'a',
        `insert into public.clients (full_name, email, origin, created_by) values ($1, $2, 'native', $3) returning id`,
        [`Practice ${tag}`, `conflict-${tag}-${therapistId.slice(0, 4)}@example.test`, therapistId],
      );
      await queryProject('a', 'insert into public.care_team (therapist_id, client_id) values ($1, $2)', [therapistId, native!.id]);
      const [synced] = await queryProject<{ id: string }>(
        'a',
        `insert into public.clients (full_name, email, origin, synced_at) values ($1, $2, 'project_b', now()) returning id`,
        [`Partner ${tag}`, `conflict-${tag}-${therapistId.slice(0, 4)}@example.test`],
      );
      const [conflict] = await queryProject<{ id: string }>(
        'a',
        `insert into public.client_email_conflicts (native_client_id, synced_client_id, email, detected_via) values ($1, $2, $3, 'bulk') returning id`,
        [native!.id, synced!.id, `conflict-${tag}-${therapistId.slice(0, 4)}@example.test`],
      );
      return { nativeId: native!.id, conflictId: conflict!.id };
    };
    const mine = await pair(member.id);
    const theirs = await pair(THERAPISTS.rivera.id);

    await page.goto(`/clients/${mine.nativeId}`);
    const form = page.getByTestId('conflict-resolution');
    await expect(form).toBeVisible();
    // The same form, pointed at a conflict of another care team, as a crafted request would be.
    await form.locator('input[name="conflictId"]').evaluate((input: HTMLInputElement, id) => (input.value = id), theirs.conflictId);
    const answer = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes(`/clients/${mine.nativeId}`));
    await form.getByTestId('resolve-different-people').click();

    expect((await answer).status()).toBe(200);
    await expect(page.getByTestId('conflict-feedback')).toHaveText('This conflict does not exist, or it is not yours to resolve.');
    const rows = await queryProject<{ id: string; status: string }>(
      'a',
      'select id, status from public.client_email_conflicts where id = any($1::uuid[]) order by id',
      [[mine.conflictId, theirs.conflictId]],
    );
    expect(rows.map(({ status }) => status)).toEqual(['open', 'open']);
  });
});
