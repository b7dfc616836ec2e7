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

/** Every page object wraps one page; subclasses find their elements in field initialisers, which run after this. */
abstract class PageObject {
  constructor(readonly page: Page) {}
}

export class LoginPage extends PageObject {
  readonly email = this.page.getByLabel('E-mail');
  readonly password = this.page.getByLabel('Password');
  readonly submit = this.page.getByRole('button', { name: 'Sign in' });
  readonly message = this.page.getByTestId('form-message');

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
export class Dashboard extends PageObject {
  readonly therapistName = this.page.getByTestId('therapist-name');
  readonly signOut = this.page.getByTestId('sign-out');
  readonly nav = this.page.getByRole('navigation', { name: 'Main' });

  navLink(name: 'Sessions' | 'Clients' | 'Sync'): Locator {
    return this.nav.getByRole('link', { name });
  }
}

/** What a signed-in account outside the practice sees on every page. */
export class NotAMemberPage extends PageObject {
  readonly card = this.page.getByTestId('not-a-member');
  readonly message = this.page.getByTestId('not-a-member-message');
  readonly signOut = this.card.getByTestId('sign-out');
}

export class SessionsPage extends Dashboard {
  readonly rows = this.page.getByTestId('session-row');
  readonly bookSession = this.page.getByTestId('book-session');
  readonly bookedBanner = this.page.getByTestId('booked-banner');
  readonly pastTab = this.page.getByTestId('tab-past');

  async goto(): Promise<void> {
    await this.page.goto('/sessions');
  }

  row(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }
}

export class BookingForm extends Dashboard {
  readonly picker = this.page.getByTestId('client-picker');
  readonly clientId = this.page.getByTestId('client-id');
  readonly date = this.page.getByTestId('session-date');
  readonly time = this.page.getByTestId('session-time');
  readonly duration = this.page.getByTestId('session-duration');
  readonly tookPlace = this.page.getByTestId('session-took-place');
  readonly type = this.page.getByTestId('session-type');
  readonly notes = this.page.getByTestId('session-notes');
  readonly submit = this.page.getByTestId('submit-booking');

  async goto(): Promise<void> {
    await this.page.goto('/sessions/new');
  }

  option(text: string): Locator {
    return this.page.getByTestId('client-option').filter({ hasText: text });
  }
}

export class ClientsPage extends Dashboard {
  readonly rows = this.page.getByTestId('client-row');

  row(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }
}

export class ClientPage extends Dashboard {
  readonly name = this.page.getByTestId('client-name');
  readonly conflict = this.page.getByTestId('client-conflict');
  readonly auditTrail = this.page.getByTestId('audit-trail');
  readonly notice = this.page.getByTestId('client-notice');
  readonly details = this.page.getByTestId('client-details');
  readonly invited = this.page.getByTestId('client-invited');
  readonly openInvite = this.page.getByTestId('invite-open');
  readonly confirmInvite = this.page.getByTestId('invite-confirm');
  readonly sendInvite = this.page.getByTestId('invite-submit');
  readonly invitationEmail = this.page.getByTestId('invite-email');
  readonly sendInvitationEmail = this.page.getByTestId('invite-email-submit');

  async goto(clientId: string): Promise<void> {
    await this.page.goto(`/clients/${clientId}`);
  }

  auditRow(action: string): Locator {
    return this.auditTrail.locator(`[data-test="audit-row"][data-action="${action}"]`);
  }
}

export class SyncPage extends Dashboard {
  readonly notSynced = this.page.getByTestId('status-not-synced').getByTestId('status-value');
  readonly syncNow = this.page.getByTestId('sync-now');
  readonly result = this.page.getByTestId('sync-result');
  readonly runCreated = this.page.getByTestId('run-created');
  readonly runRows = this.page.getByTestId('run-row');
  readonly forbidden = this.page.getByTestId('forbidden');
  readonly message = this.page.getByTestId('sync-message');
  readonly progress = this.page.getByTestId('sync-progress');
  readonly runAgain = this.page.getByTestId('sync-run-again');

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
