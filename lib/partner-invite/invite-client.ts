/**
 * Inviting a practice client to the partner app (Project B), behind
 * PROJECT_B_WRITES. The client becomes one person under one UUID in both
 * projects:
 *
 *   1. Checks in A: the client exists, is a practice client on the caller's
 *      care team (or the caller is an admin), and has a deliverable e-mail.
 *   2. B's auth admin API creates the account with the client's own id, e-mail
 *      and name. A taken id or e-mail is not yet a failure: B's account under
 *      this id with this e-mail (a retry, a double click) is success, and an
 *      e-mail held by someone else is an e-mail conflict.
 *   3. B has the profile: its sign-up trigger made it, or CareBridge writes it.
 *   4. One call to A, adopt_invited_client: the practice client becomes the
 *      synced client of that account (B's name and e-mail, the sync stamps)
 *      and the invitation goes on its audit trail. Concurrent calls convert it once.
 *   5. The call that converted it asks B's auth for B's own invitation e-mail
 *      (`inviteUserByEmail`: GoTrue reuses the unconfirmed account with that
 *      address, so the link signs the person in under the client's id). If B
 *      does not send it (its e-mail limit, its mail settings), the invitation
 *      stands, the trail says the e-mail is owed, and a retry sends it.
 *
 * A changes only in step 4, after B has everything, so a B that is down or
 * slow leaves A as it was and a retry converges. Every refusal is on the
 * client's audit trail; an outage is not a refusal and is only logged.
 */
import { isAuthRetryableFetchError, type AuthError } from '@supabase/supabase-js';
import { hasCode, UNIQUE_VIOLATION } from '@/lib/database/postgres-errors';
import type { Json } from '@/lib/database/project-a.types';
import { elapsedMs, logEvent, type EventLogger } from '@/lib/observability/log';
import type { ServiceClients } from '@/lib/supabase/clients';
import { isPermissionDenied, PROFILES_GRANT_MISSING } from '@/lib/sync/source-access';
import { fetchSourcePerson, syncRowFromSource } from '@/lib/sync/source-person';
import { syncClientById } from '@/lib/sync/sync-clients';
import { inviteEmailSchema } from './invite-client.schema';
import { findInvitation, type InvitationEmailOutcome } from './invitations';
import { findSourceAccountsByEmail, type SourceAuthSettings } from './source-accounts';

/** The grant a partner app without a sign-up trigger needs for invitations (README, "Settings"). */
export const PROFILE_INSERT_GRANT = 'grant insert (id, name) on public.profiles to service_role;';

export interface InviteClients extends ServiceClients {
  /** B's auth, asked directly for the one lookup supabase-js lacks (source-accounts.ts). */
  projectBAuth: SourceAuthSettings;
}

export interface InvitingTherapist {
  id: string;
  fullName: string;
  isAdmin: boolean;
}

/** `email_sent`: an earlier call invited them, and this one sent the invitation e-mail B had not sent. */
export type InviteSuccess = 'invited' | 'email_sent' | 'already_invited';
export type InviteRefusal =
  | 'disabled'
  | 'not_found'
  | 'not_permitted'
  | 'not_practice_client'
  | 'linked'
  | 'no_email'
  | 'invalid_email'
  | 'email_taken'
  | 'id_taken'
  | 'source_unavailable'
  | 'source_grant_missing'
  | 'profile_grant_missing'
  | 'email_not_sent'
  | 'failed';

export type InviteResult =
  { ok: true; outcome: InviteSuccess; message: string; emailSent: boolean } | { ok: false; outcome: InviteRefusal; message: string };

/** Outcomes that are not the therapist's to fix and not about this client: logged, never on the trail. */
const NOT_ON_TRAIL: ReadonlySet<InviteRefusal> = new Set(['not_found', 'source_unavailable', 'failed']);

export const INVITE_MESSAGES: Record<InviteRefusal, string> = {
  disabled: 'Inviting clients to the partner app is turned off for this practice (PROJECT_B_WRITES).',
  not_found: 'Client not found.',
  not_permitted: 'Only a therapist on this client’s care team or a practice admin can invite them.',
  not_practice_client: 'This client already comes from the partner app.',
  linked: 'This record is shown as one with a partner-app client already: that record is the one in the partner app.',
  no_email: 'Add an e-mail address to this client first: the partner app sends its invitation there.',
  invalid_email: 'This client’s e-mail address cannot receive the invitation. Correct it first.',
  email_taken:
    'Nothing was created: this e-mail already belongs to someone else in the partner app. The two records are listed under “Same e-mail as another record”, where you can decide whether they are the same person.',
  id_taken: 'Nothing was changed: the partner app already has an account with this client’s id under another e-mail.',
  source_unavailable: 'The partner app did not answer. Nothing was changed; try again in a moment.',
  source_grant_missing: 'The partner app does not let CareBridge read its people yet. Ask a practice admin: the Sync page says what Project B needs.',
  profile_grant_missing:
    'The partner app does not let CareBridge create its profiles yet. Ask a practice admin: Project B’s owner must grant it (README, “Settings”).',
  email_not_sent:
    'The partner app still did not send the invitation e-mail. The account is there; try again later (a partner app on Supabase’s built-in e-mail sends only a few an hour).',
  failed: 'The invitation could not be completed. Try again.',
};

export interface InviteOptions {
  /** PROJECT_B_WRITES=enabled (lib/env.ts). */
  enabled: boolean;
  log?: EventLogger;
}

interface InviteeRecord {
  id: string;
  full_name: string;
  email: string | null;
  origin: 'native' | 'project_b';
  linked_client_id: string | null;
  care_team: { therapist_id: string }[];
}

type Step<T> = { ok: true; value: T } | { ok: false; outcome: InviteRefusal; detail?: string };

export async function inviteClientToPartnerApp(
  clients: InviteClients,
  therapist: InvitingTherapist,
  clientId: string,
  { enabled, log = logEvent }: InviteOptions,
): Promise<InviteResult> {
  const startedAt = performance.now();
  const finish = (result: InviteResult, detail?: string): InviteResult => {
    log('partner_invite.invite', {
      level: result.ok ? 'info' : result.outcome === 'source_unavailable' || result.outcome === 'failed' ? 'error' : 'warn',
      outcome: result.outcome,
      clientId,
      therapistId: therapist.id,
      emailSent: result.ok ? result.emailSent : undefined,
      durationMs: elapsedMs(startedAt),
      detail,
    });
    return result;
  };
  const refuse = async (outcome: InviteRefusal, detail?: string, trail: Record<string, Json> = {}): Promise<InviteResult> => {
    if (!NOT_ON_TRAIL.has(outcome)) {
      const audit = await recordOnTrail(clients, therapist, clientId, outcome, trail);
      if (audit) detail = `${detail ?? ''} (${audit})`.trim();
    }
    return finish({ ok: false, outcome, message: INVITE_MESSAGES[outcome] }, detail);
  };

  // 1. Checks in A.
  const record = await clients.projectA
    .from('clients')
    .select('id, full_name, email, origin, linked_client_id, care_team(therapist_id)')
    .eq('id', clientId)
    .maybeSingle<InviteeRecord>();
  if (record.error) return refuse('failed', `client: ${record.error.message}`);
  const client = record.data;
  if (!client) return refuse('not_found');
  const onCareTeam = client.care_team.some((link) => link.therapist_id === therapist.id);
  if (!onCareTeam && !therapist.isAdmin) return refuse('not_permitted');
  if (!enabled) return refuse('disabled');
  if (client.origin === 'project_b') {
    // A double click or a retry that comes after the first invitation finished.
    const invitedBefore = await findInvitation(clients.projectA, clientId);
    if (!invitedBefore) return refuse('not_practice_client');
    if (!invitedBefore.emailPending) {
      return finish({ ok: true, outcome: 'already_invited', message: alreadyInvitedMessage(client.full_name), emailSent: false });
    }
    // The invitation stands but B has not sent its e-mail: this retry sends it.
    const owed = await sendOwedEmail(clients, therapist, clientId);
    switch (owed.state) {
      case 'sent':
        return finish({ ok: true, outcome: 'email_sent', emailSent: true, message: `The partner app has e-mailed ${owed.email} the invitation.` });
      case 'not_needed':
        return finish({ ok: true, outcome: 'already_invited', message: alreadyInvitedMessage(client.full_name), emailSent: false });
      case 'not_sent':
        return finish({ ok: false, outcome: 'email_not_sent', message: INVITE_MESSAGES.email_not_sent }, owed.detail);
      case 'unavailable':
        return finish({ ok: false, outcome: 'source_unavailable', message: INVITE_MESSAGES.source_unavailable }, owed.detail);
    }
  }
  if (client.linked_client_id) return refuse('linked');
  if (!client.email) return refuse('no_email');
  const email = inviteEmailSchema.safeParse(client.email.trim());
  if (!email.success) return refuse('invalid_email', undefined, { email: client.email });

  // 2. The account in B, under the client's id.
  const account = await ensureSourceAccount(clients, client, email.data);
  if (!account.ok) {
    if (account.outcome === 'email_taken') return recordEmailConflict(clients, therapist, client.id, email.data, refuse);
    return refuse(account.outcome, account.detail, { email: email.data });
  }

  // 3. The profile.
  const profile = await ensureSourceProfile(clients, client);
  if (!profile.ok) return refuse(profile.outcome, profile.detail);

  // 4. A: the practice client becomes the synced client of that account.
  const lookup = await fetchSourcePerson(clients.projectB, client.id);
  if (!lookup.ok)
    return refuse(lookup.outcome === 'not_found' ? 'source_unavailable' : lookup.outcome, 'detail' in lookup ? lookup.detail : 'account gone');
  const adopted = await clients.projectA.rpc('adopt_invited_client', {
    client: client.id,
    person: syncRowFromSource(lookup.person) as unknown as Json,
    therapist: therapist.id,
    therapist_label: therapist.fullName,
  });
  if (adopted.error) return refuse('failed', `adopt: ${adopted.error.message}`);
  const answer = adopted.data;
  switch (answer) {
    case 'invited':
      break;
    case 'already_synced':
      return finish({ ok: true, outcome: 'already_invited', message: alreadyInvitedMessage(client.full_name), emailSent: false });
    case 'linked':
      return refuse('linked');
    case 'no_such_client':
      return refuse('not_found');
    default:
      return refuse('failed', `adopt: unexpected answer ${String(answer satisfies never)}`);
  }

  // 5. B's invitation e-mail. The invitation stands without it; the trail says it is owed, and a retry sends it.
  const name = lookup.person.name ?? client.full_name;
  const mailed = await sendInvitationEmail(clients, client.id, email.data);
  if (mailed.ok) {
    return finish({
      ok: true,
      outcome: 'invited',
      emailSent: true,
      message: `${name} is invited: the partner app has e-mailed ${email.data} the invitation.`,
    });
  }
  const audit = await recordOnTrail(clients, therapist, client.id, 'email_not_sent', { email: email.data, reason: mailed.reason });
  return finish(
    {
      ok: true,
      outcome: 'invited',
      emailSent: false,
      message: `${name} has a partner-app account now, but the partner app did not send the invitation e-mail. Send it again from this page later.`,
    },
    [mailed.detail, audit].filter(Boolean).join(' '),
  );
}

/** An invitation's refusal or its e-mail's fate on the client's trail; the failure's text if the trail refused it. */
async function recordOnTrail(
  clients: ServiceClients,
  therapist: InvitingTherapist,
  clientId: string,
  outcome: InviteRefusal | InvitationEmailOutcome,
  detail: Record<string, Json>,
): Promise<string | undefined> {
  // record_invitation_refusal is the trail's one insert for `invite` rows: it takes any outcome, and the e-mail's fate belongs beside the invitation.
  const recorded = await clients.projectA.rpc('record_invitation_refusal', {
    client: clientId,
    outcome,
    therapist: therapist.id,
    therapist_label: therapist.fullName,
    detail,
  });
  return recorded.error ? `audit: ${recorded.error.message}` : undefined;
}

function alreadyInvitedMessage(name: string): string {
  return `${name} is already in the partner app.`;
}

/**
 * No answer at all: a timeout or a refused connection. supabase-js also reports
 * every 5xx as "retryable", but GoTrue answers a taken id with a 500, so those
 * are looked into (ensureSourceAccount) before they count as an outage.
 */
function isUnreachable(error: AuthError): boolean {
  return isAuthRetryableFetchError(error) && (error.status ?? 0) === 0;
}

type AccountStep = { ok: true; created: boolean } | { ok: false; outcome: InviteRefusal | 'email_taken'; detail?: string };

async function ensureSourceAccount(clients: InviteClients, client: InviteeRecord, email: string): Promise<AccountStep> {
  let created;
  try {
    created = await clients.projectB.auth.admin.createUser({
      id: client.id,
      email,
      // Both keys: partner apps' sign-up triggers read one or the other for the profile's name.
      user_metadata: { full_name: client.full_name, name: client.full_name },
    });
  } catch (error) {
    return { ok: false, outcome: 'source_unavailable', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!created.error) return { ok: true, created: true };
  if (isUnreachable(created.error)) return { ok: false, outcome: 'source_unavailable', detail: `create user: ${created.error.message}` };

  // A taken e-mail (422 email_exists), or a taken id or an e-mail a concurrent request inserted first (GoTrue: 500): whose is it?
  const existing = await clients.projectB.auth.admin.getUserById(client.id);
  if (existing.data.user && !existing.data.user.deleted_at) {
    if (existing.data.user.email?.toLowerCase() === email.toLowerCase()) return { ok: true, created: false };
    return { ok: false, outcome: 'id_taken', detail: 'B has this id under another e-mail' };
  }
  if (existing.error && existing.error.status !== 404) {
    return { ok: false, outcome: 'source_unavailable', detail: `get user: ${existing.error.message}` };
  }
  if (created.error.code === 'email_exists') return { ok: false, outcome: 'email_taken' };
  // Nobody holds the id after all: B failed on its side (an e-mail taken by a concurrent sign-up also lands here), so a retry decides.
  if ((created.error.status ?? 0) >= 500) return { ok: false, outcome: 'source_unavailable', detail: `create user: ${created.error.message}` };
  if (created.error.status === 400 || created.error.code === 'validation_failed') {
    return { ok: false, outcome: 'invalid_email', detail: created.error.message };
  }
  return { ok: false, outcome: 'failed', detail: `create user: ${created.error.code ?? created.error.status} ${created.error.message}` };
}

async function ensureSourceProfile(clients: ServiceClients, client: InviteeRecord): Promise<Step<null>> {
  try {
    const found = await clients.projectB.from('profiles').select('id').eq('id', client.id).maybeSingle();
    if (isPermissionDenied(found.error)) return { ok: false, outcome: 'source_grant_missing', detail: PROFILES_GRANT_MISSING };
    if (found.error) return { ok: false, outcome: 'source_unavailable', detail: `profiles: ${found.error.message}` };
    if (found.data) return { ok: true, value: null };

    // This partner app has no sign-up trigger that makes profiles: CareBridge makes it.
    const inserted = await clients.projectB.from('profiles').insert({ id: client.id, name: client.full_name });
    if (!inserted.error || hasCode(inserted.error, UNIQUE_VIOLATION)) return { ok: true, value: null };
    if (isPermissionDenied(inserted.error)) {
      return { ok: false, outcome: 'profile_grant_missing', detail: `B's owner must run: ${PROFILE_INSERT_GRANT}` };
    }
    return { ok: false, outcome: 'source_unavailable', detail: `profile insert: ${inserted.error.message}` };
  } catch (error) {
    return { ok: false, outcome: 'source_unavailable', detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The e-mail belongs to another B person: nothing is created in B. That person
 * enters A through the single-person sync, whose rules record the pair with
 * the practice client as an e-mail conflict, resolved as any other.
 */
async function recordEmailConflict(
  clients: InviteClients,
  therapist: InvitingTherapist,
  clientId: string,
  email: string,
  refuse: (outcome: InviteRefusal, detail?: string, trail?: Record<string, Json>) => Promise<InviteResult>,
): Promise<InviteResult> {
  const holders = await findSourceAccountsByEmail(clients.projectBAuth, email);
  if (!holders.ok) return refuse('source_unavailable', holders.detail);
  const holder = holders.ids[0];
  if (!holder) return refuse('failed', 'B reported the e-mail as taken but lists nobody with it');
  const synced = await syncClientById(clients, holder, { source: 'dashboard', actorId: therapist.id, actorLabel: therapist.fullName });
  const detail = synced.ok ? undefined : `sync of the e-mail's holder: ${synced.outcome}`;
  return refuse('email_taken', detail, { email, partner_person_id: holder });
}

type MailStep = { ok: true } | { ok: false; reason: string; detail: string };

/**
 * B's own invitation e-mail to the account under the client's id. GoTrue's invite, given the
 * address of an account that is not confirmed yet, reuses that account instead of making one
 * (supabase/auth internal/api/invite.go), so the link signs the person in under the client's
 * id. A recovery e-mail would say "reset your password" to someone who never had one. No
 * redirectTo: B's own Site URL decides where the link leads.
 */
async function sendInvitationEmail(clients: ServiceClients, clientId: string, email: string): Promise<MailStep> {
  try {
    const { data, error } = await clients.projectB.auth.admin.inviteUserByEmail(email);
    if (error) {
      const reason = isUnreachable(error) ? 'unreachable' : (error.code ?? `http_${error.status ?? 0}`);
      return { ok: false, reason, detail: `invitation e-mail: ${error.code ?? error.status} ${error.message}` };
    }
    // Only if the account vanished between the steps: GoTrue would then have made a new one.
    if (data.user.id !== clientId) return { ok: false, reason: 'other_account', detail: `invitation e-mail went to a new B account ${data.user.id}` };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: 'unreachable', detail: `invitation e-mail: ${error instanceof Error ? error.message : String(error)}` };
  }
}

type OwedEmail =
  { state: 'sent'; email: string } | { state: 'not_needed' } | { state: 'not_sent'; detail: string } | { state: 'unavailable'; detail: string };

// One send per client at a time in this process: a double click or concurrent retries share it.
const owedEmails = new Map<string, Promise<OwedEmail>>();

/** The invitation e-mail an earlier call could not get B to send, unless B's account shows it is no longer owed. */
function sendOwedEmail(clients: ServiceClients, therapist: InvitingTherapist, clientId: string): Promise<OwedEmail> {
  const running = owedEmails.get(clientId);
  if (running) return running;
  const run = decideAndSend(clients, therapist, clientId).finally(() => owedEmails.delete(clientId));
  owedEmails.set(clientId, run);
  return run;
}

async function decideAndSend(clients: ServiceClients, therapist: InvitingTherapist, clientId: string): Promise<OwedEmail> {
  let found;
  try {
    found = await clients.projectB.auth.admin.getUserById(clientId);
  } catch (error) {
    return { state: 'unavailable', detail: `get user: ${error instanceof Error ? error.message : String(error)}` };
  }
  const account = found.data.user;
  if (found.error || !account?.email) return { state: 'unavailable', detail: `get user: ${found.error?.message ?? 'no e-mail'}` };
  const email = account.email;
  const record = async (outcome: InvitationEmailOutcome, detail: Record<string, Json>) => {
    const audit = await recordOnTrail(clients, therapist, clientId, outcome, { email, ...detail });
    return audit ? ` (${audit})` : '';
  };
  // They reached the account some other way (B's "forgot password"): nothing to send.
  if (account.email_confirmed_at) {
    await record('email_not_needed', {});
    return { state: 'not_needed' };
  }
  // B sets invited_at only once its e-mail went out: an attempt whose answer was lost sent it.
  if (account.invited_at) {
    await record('email_sent', { sent_at: account.invited_at });
    return { state: 'sent', email };
  }
  const mailed = await sendInvitationEmail(clients, clientId, email);
  if (!mailed.ok) return { state: 'not_sent', detail: mailed.detail + (await record('email_not_sent', { reason: mailed.reason })) };
  await record('email_sent', {});
  return { state: 'sent', email };
}
