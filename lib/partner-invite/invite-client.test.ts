import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runForm } from '@/lib/forms/form-action';
import { silentLogger, type EventContext } from '@/lib/observability/log';
import { createProjectBServiceClient, type ProjectAClient, type ServiceClients } from '@/lib/supabase/clients';
import { formCallerFor } from '@/lib/testing/form-caller';
import { addToPractice, createPracticeAccount, type MemberRole } from '@/lib/testing/practice-members';
import { linkIn, mailboxReader, openEmailLink, type MailboxSummary } from '@/lib/testing/mailbox';
import { freePort, openOutbox, startProjectGateway } from '@/lib/testing/stack';
import { createPartnerPerson, insertClientOnCareTeam, serviceClients, signInAccount, sql, stack } from '@/lib/testing/stack-clients';
import { INVITE_MESSAGES, inviteClientToPartnerApp, type InviteClients, type InviteResult } from './invite-client';
import { inviteClientForm } from './invite-form';
import { findInvitation } from './invitations';

let service: ServiceClients;
let clients: InviteClients;

beforeAll(() => {
  service = serviceClients();
  clients = { ...service, projectBAuth: { url: stack().b.url, serviceRoleKey: stack().b.secretKey } };
});

const tag = () => randomUUID().slice(0, 8);

interface TestTherapist {
  id: string;
  fullName: string;
  isAdmin: boolean;
  supabase: ProjectAClient;
}

/** A fresh therapist account, signed in, with a practice membership unless `member` is false. */
async function newTherapist({ role = 'therapist', member = true }: { role?: MemberRole; member?: boolean } = {}): Promise<TestTherapist> {
  const account = await createPracticeAccount(service.projectA, 'dr.inviter');
  if (member) await addToPractice(service.projectA, account, role);
  return { id: account.id, fullName: account.name, isAdmin: role === 'admin', supabase: await signInAccount(account) };
}

async function practiceClient(
  therapist: TestTherapist,
  overrides: { email?: string | null; full_name?: string } = {},
): Promise<{ id: string; email: string | null; name: string }> {
  const name = overrides.full_name ?? `Practice Client ${tag()}`;
  const email = overrides.email === undefined ? `client-${tag()}@clinic.test` : overrides.email;
  const id = await insertClientOnCareTeam(service.projectA, { full_name: name, email, therapists: [therapist.id] });
  return { id, email, name };
}

function captureEvents() {
  const events: { event: string; context: EventContext }[] = [];
  return { events, log: (event: string, context: EventContext) => events.push({ event, context }) };
}

function invite(therapist: TestTherapist, clientId: string, options: { enabled?: boolean; via?: InviteClients } = {}): Promise<InviteResult> {
  return inviteClientToPartnerApp(options.via ?? clients, therapist, clientId, { enabled: options.enabled ?? true, log: silentLogger });
}

async function clientRow(id: string) {
  const [row] = await sql<{
    origin: string;
    full_name: string;
    email: string | null;
    synced_at: Date | null;
    source_updated_at: Date | null;
    updated_at: Date;
  }>('a', 'select origin, full_name, email, synced_at, source_updated_at, updated_at from public.clients where id = $1', [id]);
  return row;
}

async function accountsInB(where: { id?: string; email?: string }): Promise<number> {
  const [row] = where.id
    ? await sql<{ n: string }>('b', 'select count(*) as n from auth.users where id = $1', [where.id])
    : await sql<{ n: string }>('b', 'select count(*) as n from auth.users where lower(email) = lower($1)', [where.email]);
  return Number(row?.n);
}

/** The e-mails Project B's auth sent to an address (the mailbox holds both projects'). */
async function partnerMail(email: string | null): Promise<MailboxSummary[]> {
  return (await mailboxReader(stack().mailboxUrl).list(email ?? '')).filter((message) => message.project === 'b');
}

/** Follows the invitation's link: the session it gives on B, or its error. */
async function followInvitation(email: string) {
  const message = await mailboxReader(stack().mailboxUrl).waitForMessage(email, { kind: 'invite' });
  return openEmailLink(linkIn(message, /\/auth\/v1\/verify\?/));
}

async function inviteTrail(clientId: string) {
  return sql<{ outcome: string; actor_id: string | null; actor_label: string | null; source: string; detail: Record<string, unknown> }>(
    'a',
    `select outcome, actor_id, actor_label, source, detail from public.client_audit_events where client_id = $1 and action = 'invite' order by id`,
    [clientId],
  );
}

describe('inviting a practice client to the partner app', () => {
  it('creates the B account and profile under the client’s own UUID, and A then shows them as synced', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist, { full_name: 'Ana Lima Invite' });
    const { events, log } = captureEvents();

    const result = await inviteClientToPartnerApp(clients, therapist, client.id, { enabled: true, log });

    expect(result).toMatchObject({ ok: true, outcome: 'invited' });
    const [account] = await sql<{ email: string; raw_user_meta_data: Record<string, unknown> }>(
      'b',
      'select email, raw_user_meta_data from auth.users where id = $1',
      [client.id],
    );
    expect(account).toMatchObject({ email: client.email, raw_user_meta_data: expect.objectContaining({ full_name: 'Ana Lima Invite' }) });
    const [profile] = await sql<{ name: string; updated_at: Date }>('b', 'select name, updated_at from public.profiles where id = $1', [client.id]);
    expect(profile?.name).toBe('Ana Lima Invite');

    const row = await clientRow(client.id);
    expect(row).toMatchObject({ origin: 'project_b', full_name: 'Ana Lima Invite', email: client.email });
    expect(row?.synced_at).toBeInstanceOf(Date);
    expect(row?.source_updated_at?.toISOString()).toBe(profile?.updated_at.toISOString());
    expect(await inviteTrail(client.id)).toEqual([
      { outcome: 'invited', actor_id: therapist.id, actor_label: therapist.fullName, source: 'dashboard', detail: { email: client.email } },
    ]);
    expect(events).toEqual([
      {
        event: 'partner_invite.invite',
        context: expect.objectContaining({ outcome: 'invited', clientId: client.id, emailSent: true }),
      },
    ]);
  });

  it('sends B’s invitation e-mail once, whose link signs the person in on B under the client’s id, once', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist);

    expect(await invite(therapist, client.id)).toMatchObject({ ok: true, outcome: 'invited', emailSent: true });

    const mail = await partnerMail(client.email);
    expect(mail).toEqual([
      expect.objectContaining({ project: 'b', kind: 'invite', recipient: client.email, sender: expect.stringContaining('Supabase Auth') }),
    ]);
    const opened = await followInvitation(client.email ?? '');
    // No redirect_to: B's own Site URL.
    expect(opened.location.origin).toBe('http://localhost:3000');
    expect(opened.fragment.get('type')).toBe('invite');
    const { data } = await service.projectB.auth.getUser(opened.fragment.get('access_token') ?? '');
    expect(data.user).toMatchObject({ id: client.id, email: client.email });
    expect(data.user?.email_confirmed_at).toBeTruthy();

    const reopened = await followInvitation(client.email ?? '');
    expect(reopened.fragment.get('error_code')).toBe('otp_expired');
    expect(reopened.fragment.get('access_token')).toBeNull();
    expect(await accountsInB({ email: client.email ?? '' })).toBe(1);
  });

  it('leaves the client to the sync afterwards: a B edit of the name reaches A', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist);
    expect(await invite(therapist, client.id)).toMatchObject({ ok: true, outcome: 'invited' });

    await sql('b', 'update public.profiles set name = $2 where id = $1', [client.id, 'Renamed In Partner App']);
    const { syncClientById } = await import('@/lib/sync/sync-clients');
    const synced = await syncClientById(service, client.id, { source: 'api', actorLabel: 'test' });

    expect(synced).toMatchObject({ ok: true, outcome: 'updated' });
    expect((await clientRow(client.id))?.full_name).toBe('Renamed In Partner App');
  });

  it('lets an admin invite a client who is not on their care team', async () => {
    const owner = await newTherapist();
    const admin = await newTherapist({ role: 'admin' });
    const client = await practiceClient(owner);

    expect(await invite(admin, client.id)).toMatchObject({ ok: true, outcome: 'invited' });
    expect(await accountsInB({ id: client.id })).toBe(1);
    expect((await inviteTrail(client.id))[0]).toMatchObject({ outcome: 'invited', actor_id: admin.id });
  });
});

describe('idempotent invitations', () => {
  it('gives one B account for 10 concurrent invitations, and a later retry is success without a second one', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist);

    const results = await Promise.all(Array.from({ length: 10 }, () => invite(therapist, client.id)));

    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.filter((r) => r.ok && r.outcome === 'invited')).toHaveLength(1);
    expect(await accountsInB({ id: client.id })).toBe(1);
    expect(await accountsInB({ email: client.email ?? '' })).toBe(1);
    const retry = await invite(therapist, client.id);
    expect(retry).toMatchObject({ ok: true, outcome: 'already_invited', emailSent: false });
    expect(await accountsInB({ id: client.id })).toBe(1);
    expect((await inviteTrail(client.id)).map((e) => e.outcome)).toEqual(['invited']);
    expect(await partnerMail(client.email)).toEqual([expect.objectContaining({ kind: 'invite' })]);
  });

  it('finishes an invitation whose B account an earlier, timed-out attempt already made', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist);
    const earlier = await service.projectB.auth.admin.createUser({ id: client.id, email: client.email ?? '', user_metadata: { name: client.name } });
    expect(earlier.error).toBeNull();

    expect(await invite(therapist, client.id)).toMatchObject({ ok: true, outcome: 'invited' });
    expect(await accountsInB({ id: client.id })).toBe(1);
    expect((await clientRow(client.id))?.origin).toBe('project_b');
  });

  it('writes the profile itself when B’s sign-up trigger made none', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist, { full_name: 'Profile Less' });
    // As in a partner app without a sign-up trigger: the account exists, the profile does not.
    await service.projectB.auth.admin.createUser({ id: client.id, email: client.email ?? '' });
    await sql('b', 'delete from public.profiles where id = $1', [client.id]);

    expect(await invite(therapist, client.id)).toMatchObject({ ok: true, outcome: 'invited' });
    const [profile] = await sql<{ name: string }>('b', 'select name from public.profiles where id = $1', [client.id]);
    expect(profile?.name).toBe('Profile Less');
    expect((await clientRow(client.id))?.full_name).toBe('Profile Less');
  });
});

describe('an e-mail someone else already uses in the partner app', () => {
  it('creates nothing in B, records the conflict with the B person synced into A, and tells the therapist', async () => {
    const therapist = await newTherapist();
    const person = await createPartnerPerson(service.projectB, { name: 'Someone Else' });
    const client = await practiceClient(therapist, { email: person.email.toUpperCase() });

    const result = await invite(therapist, client.id);

    expect(result).toEqual({ ok: false, outcome: 'email_taken', message: INVITE_MESSAGES.email_taken });
    expect(await accountsInB({ id: client.id })).toBe(0);
    expect(await accountsInB({ email: person.email })).toBe(1);
    expect((await clientRow(client.id))?.origin).toBe('native');
    const [holder] = await sql<{ origin: string }>('a', 'select origin from public.clients where id = $1', [person.id]);
    expect(holder?.origin).toBe('project_b');
    const conflicts = await sql(
      'a',
      'select native_client_id, synced_client_id, email, status from public.client_email_conflicts where native_client_id = $1',
      [client.id],
    );
    expect(conflicts).toEqual([{ native_client_id: client.id, synced_client_id: person.id, email: person.email, status: 'open' }]);
    expect(await inviteTrail(client.id)).toEqual([
      expect.objectContaining({ outcome: 'email_taken', actor_id: therapist.id, detail: { email: client.email, partner_person_id: person.id } }),
    ]);
    // The therapist sees the pair on the client's page, where conflicts are resolved.
    const visible = await therapist.supabase.from('client_email_conflicts').select('id').eq('native_client_id', client.id);
    expect(visible.data).toHaveLength(1);
    expect(await partnerMail(person.email)).toEqual([]);
  });
});

describe('a Project B that does not send the e-mail', () => {
  let gateway: Awaited<ReturnType<typeof startProjectGateway>>;
  let outbox: Awaited<ReturnType<typeof openOutbox>>;
  let limited: InviteClients;

  beforeAll(async () => {
    const { b } = stack();
    const stackDatabase = new URL(b.dbUrl);
    stackDatabase.pathname = '/postgres';
    outbox = await openOutbox(stackDatabase.toString());
    // B's own auth with its hourly e-mail limit used up (GoTrue's RATE_LIMIT_EMAIL_SENT).
    gateway = await startProjectGateway({
      port: await freePort(),
      keys: b,
      signing: b.jwtSigning,
      dbUrl: b.dbUrl,
      postgrestSocket: b.postgrestSocket,
      mail: { outbox, project: 'b', siteUrl: 'http://localhost:3000', emailRateLimit: { events: 0, overSeconds: 3600 } },
    });
    limited = {
      ...service,
      projectB: createProjectBServiceClient(gateway.url, b.secretKey),
      projectBAuth: { url: gateway.url, serviceRoleKey: b.secretKey },
    };
  });

  afterAll(async () => {
    await gateway.stop();
    await outbox.close();
  });

  it('says the person is invited but not e-mailed, and a retry sends the one e-mail without a second account', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist);

    const result = await invite(therapist, client.id, { via: limited });

    expect(result).toMatchObject({
      ok: true,
      outcome: 'invited',
      emailSent: false,
      message: expect.stringContaining('did not send the invitation e-mail'),
    });
    expect(await accountsInB({ id: client.id })).toBe(1);
    expect((await clientRow(client.id))?.origin).toBe('project_b');
    expect(await partnerMail(client.email)).toEqual([]);
    const trail = await inviteTrail(client.id);
    expect(trail.map((e) => e.outcome)).toEqual(['invited', 'email_not_sent']);
    expect(trail[1]?.detail).toEqual({ email: client.email, reason: 'over_email_send_rate_limit' });
    const page = await findInvitation(therapist.supabase, client.id);
    expect(page).toMatchObject({ actorId: therapist.id, emailPending: true });

    // Still limited: still honest, still one account.
    expect(await invite(therapist, client.id, { via: limited })).toEqual({
      ok: false,
      outcome: 'email_not_sent',
      message: INVITE_MESSAGES.email_not_sent,
    });
    expect(await partnerMail(client.email)).toEqual([]);

    // B can send again: concurrent retries (a double click) send it once.
    const retries = await Promise.all(Array.from({ length: 5 }, () => invite(therapist, client.id)));
    expect(retries.filter((r) => !r.ok || !['email_sent', 'already_invited'].includes(r.outcome))).toEqual([]);
    expect(retries.some((r) => r.outcome === 'email_sent')).toBe(true);
    expect(await partnerMail(client.email)).toEqual([expect.objectContaining({ kind: 'invite' })]);
    expect(await accountsInB({ id: client.id })).toBe(1);
    expect(await accountsInB({ email: client.email ?? '' })).toBe(1);
    expect((await findInvitation(therapist.supabase, client.id))?.emailPending).toBe(false);

    // Nothing is owed any more: a later retry sends nothing.
    expect(await invite(therapist, client.id)).toMatchObject({ ok: true, outcome: 'already_invited', emailSent: false });
    expect(await partnerMail(client.email)).toHaveLength(1);
    expect((await inviteTrail(client.id)).map((e) => e.outcome)).toEqual(['invited', 'email_not_sent', 'email_not_sent', 'email_sent']);

    const opened = await followInvitation(client.email ?? '');
    const { data } = await service.projectB.auth.getUser(opened.fragment.get('access_token') ?? '');
    expect(data.user?.id).toBe(client.id);
  });
});

describe('a Project B that is down or slow', () => {
  let gateway: Awaited<ReturnType<typeof startProjectGateway>>;

  beforeAll(async () => {
    const { b } = stack();
    gateway = await startProjectGateway({
      port: await freePort(),
      keys: b,
      signing: b.jwtSigning,
      dbUrl: b.dbUrl,
      postgrestSocket: b.postgrestSocket,
    });
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('stopped: a retryable error, nothing changes in A, and the retry once B is back succeeds', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist);
    const viaGateway: InviteClients = {
      ...service,
      projectB: createProjectBServiceClient(gateway.url, stack().b.secretKey),
      projectBAuth: { url: gateway.url, serviceRoleKey: stack().b.secretKey },
    };
    const before = await clientRow(client.id);
    await gateway.stop();

    const result = await invite(therapist, client.id, { via: viaGateway });

    expect(result).toEqual({ ok: false, outcome: 'source_unavailable', message: INVITE_MESSAGES.source_unavailable });
    expect(await clientRow(client.id)).toEqual(before);
    expect(await inviteTrail(client.id)).toEqual([]);
    expect(await partnerMail(client.email)).toEqual([]);
    expect(await accountsInB({ id: client.id })).toBe(0);
    expect(await invite(therapist, client.id)).toMatchObject({ ok: true, outcome: 'invited', emailSent: true });
    expect(await partnerMail(client.email)).toHaveLength(1);
  });

  it('hanging: gives up within the timeout and changes nothing in A', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist);
    const hanging = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    const slow: InviteClients = {
      ...service,
      projectB: createProjectBServiceClient(url, stack().b.secretKey, 300),
      projectBAuth: { url, serviceRoleKey: stack().b.secretKey, timeoutMs: 300 },
    };
    const before = await clientRow(client.id);
    try {
      const startedAt = performance.now();
      const result = await invite(therapist, client.id, { via: slow });
      expect(result).toMatchObject({ ok: false, outcome: 'source_unavailable' });
      expect(performance.now() - startedAt).toBeLessThan(5_000);
      expect(await clientRow(client.id)).toEqual(before);
      expect(await inviteTrail(client.id)).toEqual([]);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});

describe('refusals: nothing is created, and the refusal is on the client’s trail', () => {
  it('the flag off', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist);

    expect(await invite(therapist, client.id, { enabled: false })).toEqual({ ok: false, outcome: 'disabled', message: INVITE_MESSAGES.disabled });
    expect(await accountsInB({ id: client.id })).toBe(0);
    expect((await clientRow(client.id))?.origin).toBe('native');
    expect((await inviteTrail(client.id)).map((e) => e.outcome)).toEqual(['disabled']);
  });

  it('a malformed e-mail on the record', async () => {
    const therapist = await newTherapist();
    // The practice record accepts it; no mail server would.
    const client = await practiceClient(therapist, { email: `ana-${tag()}@clinic` });

    expect(await invite(therapist, client.id)).toEqual({ ok: false, outcome: 'invalid_email', message: INVITE_MESSAGES.invalid_email });
    expect(await accountsInB({ id: client.id })).toBe(0);
    expect((await inviteTrail(client.id)).map((e) => e.outcome)).toEqual(['invalid_email']);
  });

  it('a client without an e-mail', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist, { email: null });

    expect(await invite(therapist, client.id)).toEqual({ ok: false, outcome: 'no_email', message: INVITE_MESSAGES.no_email });
    expect(await accountsInB({ id: client.id })).toBe(0);
    expect((await inviteTrail(client.id)).map((e) => e.outcome)).toEqual(['no_email']);
  });

  it('a client from another care team', async () => {
    const owner = await newTherapist();
    const outsider = await newTherapist();
    const client = await practiceClient(owner);

    expect(await invite(outsider, client.id)).toEqual({ ok: false, outcome: 'not_permitted', message: INVITE_MESSAGES.not_permitted });
    expect(await accountsInB({ id: client.id })).toBe(0);
    expect(await inviteTrail(client.id)).toEqual([expect.objectContaining({ outcome: 'not_permitted', actor_id: outsider.id })]);
  });

  it('a client who came from the partner app', async () => {
    const therapist = await newTherapist();
    const person = await createPartnerPerson(service.projectB);
    await insertClientOnCareTeam(service.projectA, {
      id: person.id,
      full_name: 'From B',
      email: person.email,
      origin: 'project_b',
      therapists: [therapist.id],
    });

    expect(await invite(therapist, person.id)).toMatchObject({ ok: false, outcome: 'not_practice_client' });
    expect(await accountsInB({ email: person.email })).toBe(1);
  });
});

describe('the form', () => {
  const form = inviteClientForm(() => ({ clients, enabled: true }));
  const caller = formCallerFor;
  const formData = (values: Record<string, string>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(values)) data.set(key, value);
    return data;
  };

  it('invites through the form and finishes with the result', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist);
    const result = await runForm(form, formData({ clientId: client.id }), caller(therapist.supabase));
    expect(result).toMatchObject({ status: 'finished', value: { clientId: client.id, outcome: 'invited', emailSent: true } });
  });

  it('answers with the refusal when PROJECT_B_WRITES is off', async () => {
    const therapist = await newTherapist();
    const client = await practiceClient(therapist);
    const offForm = inviteClientForm(() => ({ clients, enabled: false }));

    const result = await runForm(offForm, formData({ clientId: client.id }), caller(therapist.supabase));

    expect(result).toMatchObject({ status: 'error', message: INVITE_MESSAGES.disabled });
    expect(await accountsInB({ id: client.id })).toBe(0);
  });

  it('refuses a malformed client id as a field error, writing nothing', async () => {
    const therapist = await newTherapist();
    const result = await runForm(form, formData({ clientId: 'not-a-uuid' }), caller(therapist.supabase));
    expect(result).toMatchObject({ status: 'error', fieldErrors: { clientId: [expect.any(String)] } });
  });

  it('refuses a signed-in user who is not a member of the practice, before anything is read or written', async () => {
    const owner = await newTherapist();
    const stranger = await newTherapist({ member: false });
    const client = await practiceClient(owner);

    const result = await runForm(form, formData({ clientId: client.id }), caller(stranger.supabase));

    expect(result).toEqual({ status: 'refused', reason: 'not_a_member' });
    expect(await accountsInB({ id: client.id })).toBe(0);
    expect(await inviteTrail(client.id)).toEqual([]);
  });
});
