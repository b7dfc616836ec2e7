import path from 'node:path';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { DEMO_PASSWORD, THERAPISTS, type TherapistKey } from '@/lib/testing/demo';

/**
 * Page objects for the pages the specs drive. Elements are found by role or label where
 * the page gives them one, otherwise by their `data-test` attribute (getByTestId).
 */

/** Where the setup project keeps each demo therapist's signed-in browser state (git ignores e2e/.auth/). */
export function storageStateOf(therapist: TherapistKey): string {
  return path.resolve(import.meta.dirname, '..', '.auth', `${therapist}.json`);
}

/** For `test.use(...)`: the spec starts signed in as this demo therapist, without going through the form. */
export function savedSignIn(therapist: TherapistKey): { storageState: string } {
  return { storageState: storageStateOf(therapist) };
}

export class LoginPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly message: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel('E-mail');
    this.password = page.getByLabel('Password');
    this.submit = page.getByRole('button', { name: 'Sign in' });
    this.message = page.getByTestId('form-message');
  }

  async goto(): Promise<void> {
    await this.page.goto('/login');
  }

  async fillAndSubmit(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Signs in through the form on the page already open (or /login), and waits for the dashboard. */
  async signIn(who: { email: string; name: string; password: string }): Promise<Dashboard> {
    if (!this.page.url().includes('/login')) await this.goto();
    await this.fillAndSubmit(who.email, who.password);
    const dashboard = new Dashboard(this.page);
    await expect(dashboard.therapistName).toHaveText(who.name);
    return dashboard;
  }

  signInAsDemo(therapist: TherapistKey): Promise<Dashboard> {
    return this.signIn({ ...THERAPISTS[therapist], password: DEMO_PASSWORD });
  }
}

/** The signed-in shell every dashboard page shares: main navigation, who is signed in, sign out. */
export class Dashboard {
  readonly therapistName: Locator;
  readonly signOut: Locator;
  readonly nav: Locator;

  constructor(readonly page: Page) {
    this.therapistName = page.getByTestId('therapist-name');
    this.signOut = page.getByTestId('sign-out');
    this.nav = page.getByRole('navigation', { name: 'Main' });
  }

  navLink(name: 'Sessions' | 'Clients' | 'Sync'): Locator {
    return this.nav.getByRole('link', { name });
  }
}

export class SessionsPage extends Dashboard {
  readonly rows: Locator;
  readonly bookSession: Locator;
  readonly bookedBanner: Locator;

  constructor(page: Page) {
    super(page);
    this.rows = page.getByTestId('session-row');
    this.bookSession = page.getByTestId('book-session');
    this.bookedBanner = page.getByTestId('booked-banner');
  }

  async goto(): Promise<void> {
    await this.page.goto('/sessions');
  }

  row(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }
}

export class BookingForm extends Dashboard {
  readonly picker: Locator;
  readonly clientId: Locator;
  readonly date: Locator;
  readonly time: Locator;
  readonly duration: Locator;
  readonly type: Locator;
  readonly notes: Locator;
  readonly submit: Locator;

  constructor(page: Page) {
    super(page);
    this.picker = page.getByTestId('client-picker');
    this.clientId = page.getByTestId('client-id');
    this.date = page.getByTestId('session-date');
    this.time = page.getByTestId('session-time');
    this.duration = page.getByTestId('session-duration');
    this.type = page.getByTestId('session-type');
    this.notes = page.getByTestId('session-notes');
    this.submit = page.getByTestId('submit-booking');
  }

  async goto(): Promise<void> {
    await this.page.goto('/sessions/new');
  }

  option(text: string): Locator {
    return this.page.getByTestId('client-option').filter({ hasText: text });
  }
}

export class ClientsPage extends Dashboard {
  readonly rows: Locator;

  constructor(page: Page) {
    super(page);
    this.rows = page.getByTestId('client-row');
  }

  row(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }
}

export class ClientPage extends Dashboard {
  readonly name: Locator;
  readonly conflict: Locator;
  readonly auditTrail: Locator;

  constructor(page: Page) {
    super(page);
    this.name = page.getByTestId('client-name');
    this.conflict = page.getByTestId('client-conflict');
    this.auditTrail = page.getByTestId('audit-trail');
  }

  async goto(clientId: string): Promise<void> {
    await this.page.goto(`/clients/${clientId}`);
  }

  auditRow(action: string): Locator {
    return this.auditTrail.locator(`[data-test="audit-row"][data-action="${action}"]`);
  }
}

export class SyncPage extends Dashboard {
  readonly notSynced: Locator;
  readonly syncNow: Locator;
  readonly result: Locator;
  readonly runCreated: Locator;
  readonly runRows: Locator;
  readonly forbidden: Locator;

  constructor(page: Page) {
    super(page);
    this.notSynced = page.getByTestId('status-not-synced').getByTestId('status-value');
    this.syncNow = page.getByTestId('sync-now');
    this.result = page.getByTestId('sync-result');
    this.runCreated = page.getByTestId('run-created');
    this.runRows = page.getByTestId('run-row');
    this.forbidden = page.getByTestId('forbidden');
  }

  conflictRow(text: string): Locator {
    return this.page.getByTestId('conflict-row').filter({ hasText: text });
  }
}

/** A full-page screenshot kept in test-results/ (and attached to the report) as evidence of what the test saw. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
