import { createHash, randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { linkIn, mailboxReader } from '@/lib/testing/mailbox';
import { serviceClients, sql, stack } from '@/lib/testing/stack-clients';

/**
 * The e-mail endpoints through the gateway and supabase-js, as the app and Project B's
 * callers use them; every test makes its own users and reads its own messages.
 */
const mailbox = () => mailboxReader(stack().mailboxUrl);

function anonClient(project: 'a' | 'b'): SupabaseClient {
  return createClient(stack()[project].url, stack()[project].publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

function serviceClient(project: 'a' | 'b'): SupabaseClient {
  return project === 'a' ? serviceClients().projectA : serviceClients().projectB;
}

async function newUser(project: 'a' | 'b' = 'a'): Promise<{ id: string; email: string; password: string }> {
  const email = `mail-${randomUUID().slice(0, 8)}@carebridge.test`;
  const password = `pw-${randomUUID()}`;
  const { data, error } = await serviceClient(project).auth.admin.createUser({ email, password, email_confirm: true });
  if (error) throw error;
  return { id: data.user.id, email, password };
}

const tokenHashIn = (href: string) => new URL(href).searchParams.get('token_hash') ?? '';

/** Moves the last e-mail's timestamp back, as time passing would (the server compares it with now). */
async function sentSecondsAgo(project: 'a' | 'b', userId: string, column: 'recovery_sent_at' | 'confirmation_sent_at', seconds: number) {
  await sql(project, `update auth.users set ${column} = now() - make_interval(secs => $2) where id = $1`, [userId, seconds]);
}

async function requestReset(email: string): Promise<string> {
  const { error } = await anonClient('a').auth.resetPasswordForEmail(email);
  expect(error).toBeNull();
  const message = await mailbox().waitForMessage(email, { kind: 'recovery' });
  return tokenHashIn(linkIn(message, /\/auth\/confirm/));
}

describe('POST /recover', () => {
  it("sends Project A's recovery e-mail with a token hash link to the app, and stores only that hash", async () => {
    const user = await newUser();
    const { data, error } = await anonClient('a').auth.resetPasswordForEmail(user.email);
    expect(error).toBeNull();
    expect(data).toEqual({});

    const message = await mailbox().waitForMessage(user.email, { kind: 'recovery' });
    expect(message).toMatchObject({ project: 'a', subject: 'Reset your CareBridge password', recipient: user.email });
    const link = new URL(linkIn(message, /Choose a new password/));
    expect(`${link.origin}${link.pathname}`).toBe('http://localhost:3000/auth/confirm');
    expect(link.searchParams.get('type')).toBe('recovery');
    const hash = link.searchParams.get('token_hash');
    expect(hash).toMatch(/^[0-9a-f]{56}$/);
    const [row] = await sql<{ recovery_token: string; recovery_sent_at: Date | null }>(
      'a',
      'select recovery_token, recovery_sent_at from auth.users where id = $1',
      [user.id],
    );
    expect(row?.recovery_token).toBe(hash);
    expect(row?.recovery_sent_at).not.toBeNull();
  });

  it('answers the same {} for an address without an account, and sends nothing', async () => {
    const email = `nobody-${randomUUID().slice(0, 8)}@carebridge.test`;
    const { data, error } = await anonClient('a').auth.resetPasswordForEmail(email);
    expect(error).toBeNull();
    expect(data).toEqual({});
    expect(await mailbox().list(email)).toEqual([]);
  });

  it('refuses a malformed address with validation_failed and sends nothing', async () => {
    const { error } = await anonClient('a').auth.resetPasswordForEmail('not-an-address');
    expect(error?.code).toBe('validation_failed');
    expect(error?.status).toBe(400);
    expect(await mailbox().list('not-an-address')).toEqual([]);
  });

  it('sends one e-mail per address per minute: a repeat is over_email_send_rate_limit and the first link still works', async () => {
    const user = await newUser();
    const hash = await requestReset(user.email);
    const again = await anonClient('a').auth.resetPasswordForEmail(user.email);
    expect(again.error?.code).toBe('over_email_send_rate_limit');
    expect(again.error?.status).toBe(429);
    expect(again.error?.message).toMatch(/^For security purposes, you can only request this after \d+ seconds\.$/);
    expect(await mailbox().list(user.email)).toHaveLength(1);

    const { error } = await anonClient('a').auth.verifyOtp({ token_hash: hash, type: 'recovery' });
    expect(error).toBeNull();
  });

  it('prefixes the token with pkce_ when the request carries a PKCE challenge, and verifyOtp still takes it', async () => {
    const user = await newUser();
    const challenge = createHash('sha256').update(randomUUID()).digest('base64url');
    const response = await fetch(`${stack().a.url}/auth/v1/recover`, {
      method: 'POST',
      headers: { apikey: stack().a.publishableKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, code_challenge: challenge, code_challenge_method: 's256' }),
    });
    expect(response.status).toBe(200);
    const hash = tokenHashIn(linkIn(await mailbox().waitForMessage(user.email), /\/auth\/confirm/));
    expect(hash).toMatch(/^pkce_[0-9a-f]{56}$/);
    const { data, error } = await anonClient('a').auth.verifyOtp({ token_hash: hash, type: 'recovery' });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(user.id);
  });
});

describe('POST /verify with a token hash', () => {
  it('signs the user in once; the same link again is otp_expired', async () => {
    const user = await newUser();
    const hash = await requestReset(user.email);
    const client = anonClient('a');
    const first = await client.auth.verifyOtp({ token_hash: hash, type: 'recovery' });
    expect(first.error).toBeNull();
    expect(first.data.session?.user.id).toBe(user.id);
    const updated = await client.auth.updateUser({ password: `new-${randomUUID()}` });
    expect(updated.error).toBeNull();

    const second = await anonClient('a').auth.verifyOtp({ token_hash: hash, type: 'recovery' });
    expect(second.error?.code).toBe('otp_expired');
    expect(second.error?.status).toBe(403);
    expect(second.error?.message).toBe('Email link is invalid or has expired');
  });

  it("marks the link's session as GoTrue does (amr otp), which may set a password without the current one; a password session may not", async () => {
    const user = await newUser();
    const fromLink = anonClient('a');
    const verified = await fromLink.auth.verifyOtp({ token_hash: await requestReset(user.email), type: 'recovery' });
    const claims = JSON.parse(Buffer.from((verified.data.session?.access_token ?? '').split('.')[1] ?? '', 'base64url').toString()) as {
      amr: { method: string }[];
      session_id: string;
    };
    expect(claims.amr.map((entry) => entry.method)).toEqual(['otp']);
    const [claim] = await sql<{ authentication_method: string }>('a', 'select authentication_method from auth.mfa_amr_claims where session_id = $1', [
      claims.session_id,
    ]);
    expect(claim?.authentication_method).toBe('otp');
    expect((await fromLink.auth.updateUser({ password: `from-link-${randomUUID()}` })).error).toBeNull();

    const other = await newUser();
    const withPassword = anonClient('a');
    await withPassword.auth.signInWithPassword({ email: other.email, password: other.password });
    expect((await withPassword.auth.updateUser({ password: `typed-${randomUUID()}` })).error?.code).toBe('current_password_required');
  });

  it('two uses at the same moment: exactly one signs in', async () => {
    const user = await newUser();
    const hash = await requestReset(user.email);
    const results = await Promise.all([1, 2, 3].map(() => anonClient('a').auth.verifyOtp({ token_hash: hash, type: 'recovery' })));
    expect(results.filter((result) => result.error === null)).toHaveLength(1);
    expect(results.filter((result) => result.error?.code === 'otp_expired')).toHaveLength(2);
  });

  it('refuses a link older than the hour a hosted project gives it', async () => {
    const user = await newUser();
    const hash = await requestReset(user.email);
    await sentSecondsAgo('a', user.id, 'recovery_sent_at', 3601);
    const { error } = await anonClient('a').auth.verifyOtp({ token_hash: hash, type: 'recovery' });
    expect(error?.code).toBe('otp_expired');
  });

  it('accepts a link just inside the hour', async () => {
    const user = await newUser();
    const hash = await requestReset(user.email);
    await sentSecondsAgo('a', user.id, 'recovery_sent_at', 3590);
    const { error } = await anonClient('a').auth.verifyOtp({ token_hash: hash, type: 'recovery' });
    expect(error).toBeNull();
  });

  it('a newer e-mail replaces the older link', async () => {
    const user = await newUser();
    const older = await requestReset(user.email);
    await sentSecondsAgo('a', user.id, 'recovery_sent_at', 61);
    const first = await mailbox().waitForMessage(user.email);
    await anonClient('a').auth.resetPasswordForEmail(user.email);
    const newer = tokenHashIn(linkIn(await mailbox().waitForMessage(user.email, { after: first }), /\/auth\/confirm/));
    expect(newer).not.toBe(older);

    expect((await anonClient('a').auth.verifyOtp({ token_hash: older, type: 'recovery' })).error?.code).toBe('otp_expired');
    expect((await anonClient('a').auth.verifyOtp({ token_hash: newer, type: 'recovery' })).error).toBeNull();
  });

  it('a recovery hash is not an invitation: the type must match the token', async () => {
    const user = await newUser();
    const hash = await requestReset(user.email);
    const { error } = await anonClient('a').auth.verifyOtp({ token_hash: hash, type: 'invite' });
    expect(error?.code).toBe('otp_expired');
    expect((await anonClient('a').auth.verifyOtp({ token_hash: hash, type: 'recovery' })).error).toBeNull();
  });
});

describe('GET /verify, the link of GoTrue’s default templates', () => {
  it("Project B's recovery link redirects to the caller's redirect URL with the session in the fragment, once", async () => {
    const user = await newUser('b');
    const redirectTo = 'http://127.0.0.1:4321/partner/welcome';
    const { error } = await serviceClient('b').auth.resetPasswordForEmail(user.email, { redirectTo });
    expect(error).toBeNull();

    const message = await mailbox().waitForMessage(user.email, { kind: 'recovery' });
    expect(message.project).toBe('b');
    const link = linkIn(message, /\/auth\/v1\/verify\?/);
    expect(link).toMatch(new RegExp(`^${stack().b.url}/auth/v1/verify\\?token=[0-9a-f]{56}&type=recovery&redirect_to=`));

    // A mail client opens it with no API key.
    const opened = await fetch(link, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const location = new URL(opened.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(redirectTo);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('type')).toBe('recovery');
    expect(fragment.get('token_type')).toBe('bearer');
    const { data } = await anonClient('b').auth.getUser(fragment.get('access_token') ?? '');
    expect(data.user?.id).toBe(user.id);

    const reopened = await fetch(link, { redirect: 'manual' });
    expect(reopened.status).toBe(303);
    const failure = new URLSearchParams(new URL(reopened.headers.get('location') ?? '').hash.slice(1));
    expect(Object.fromEntries(failure)).toEqual({
      error: 'access_denied',
      error_code: 'otp_expired',
      error_description: 'Email link is invalid or has expired',
      sb: '',
    });
  });

  it('sends a redirect outside the Site URL and loopback to the Site URL instead', async () => {
    const user = await newUser('b');
    await serviceClient('b').auth.resetPasswordForEmail(user.email, { redirectTo: 'https://evil.example/steal' });
    const link = new URL(linkIn(await mailbox().waitForMessage(user.email), /\/verify\?/));
    expect(link.searchParams.get('redirect_to')).toBe('http://localhost:3000');
  });
});

describe('POST /invite', () => {
  it("creates the user unconfirmed, sends Project B's default invitation, and its link confirms them once", async () => {
    const email = `invitee-${randomUUID().slice(0, 8)}@carebridge.test`;
    const { data, error } = await serviceClient('b').auth.admin.inviteUserByEmail(email, {
      data: { full_name: 'Dr. New Colleague' },
      redirectTo: 'http://localhost:3000/welcome',
    });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.invited_at).toBeTruthy();
    expect(data.user?.email_confirmed_at).toBeUndefined();
    expect(data.user?.user_metadata).toMatchObject({ full_name: 'Dr. New Colleague' });

    const message = await mailbox().waitForMessage(email, { kind: 'invite' });
    const link = linkIn(message, /\/verify\?/);
    expect(new URL(link).searchParams.get('type')).toBe('invite');
    const opened = await fetch(link, { redirect: 'manual' });
    const location = new URL(opened.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('http://localhost:3000/welcome');
    expect(new URLSearchParams(location.hash.slice(1)).get('type')).toBe('invite');

    const [row] = await sql<{ email_confirmed_at: Date | null; confirmation_token: string }>(
      'b',
      'select email_confirmed_at, confirmation_token from auth.users where id = $1',
      [data.user!.id],
    );
    expect(row?.email_confirmed_at).not.toBeNull();
    expect(row?.confirmation_token).toBe('');
    const again = new URLSearchParams(new URL((await fetch(link, { redirect: 'manual' })).headers.get('location') ?? '').hash.slice(1));
    expect(again.get('error_code')).toBe('otp_expired');
  });

  it("sends Project A's own invitation, whose link goes to the app's /auth/confirm with type=invite", async () => {
    const email = `invitee-${randomUUID().slice(0, 8)}@carebridge.test`;
    const { error } = await serviceClient('a').auth.admin.inviteUserByEmail(email, { data: { full_name: 'Dr. Colleague' } });
    expect(error).toBeNull();
    const message = await mailbox().waitForMessage(email, { kind: 'invite' });
    expect(message).toMatchObject({ project: 'a', subject: "You're invited to CareBridge" });
    expect(message.text).toContain('Dr. Colleague');
    const link = new URL(linkIn(message, /Set your password/));
    expect(`${link.origin}${link.pathname}`).toBe('http://localhost:3000/auth/confirm');
    expect(link.searchParams.get('type')).toBe('invite');
    expect(link.searchParams.get('token_hash')).toMatch(/^[0-9a-f]{56}$/);
  });

  it('refuses an address that already has a confirmed account with email_exists', async () => {
    const user = await newUser();
    const { error } = await serviceClient('a').auth.admin.inviteUserByEmail(user.email);
    expect(error?.code).toBe('email_exists');
    expect(error?.status).toBe(422);
    expect(await mailbox().list(user.email)).toEqual([]);
  });

  it('is an admin endpoint: the publishable key alone is refused', async () => {
    const email = `invitee-${randomUUID().slice(0, 8)}@carebridge.test`;
    const response = await fetch(`${stack().a.url}/auth/v1/invite`, {
      method: 'POST',
      headers: { apikey: stack().a.publishableKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    expect(response.status).toBe(403);
    expect(await sql('a', 'select 1 from auth.users where email = $1', [email])).toEqual([]);
  });
});

describe('POST /admin/generate_link', () => {
  it('returns a recovery link and code without sending anything; the code works once with its address', async () => {
    const user = await newUser('b');
    const redirectTo = 'http://127.0.0.1:4321/after';
    const { data, error } = await serviceClient('b').auth.admin.generateLink({ type: 'recovery', email: user.email, options: { redirectTo } });
    expect(error).toBeNull();
    const { action_link, email_otp, hashed_token, verification_type, redirect_to } = data.properties!;
    expect(email_otp).toMatch(/^\d{6}$/);
    expect(hashed_token).toBe(
      createHash('sha224')
        .update(user.email + email_otp)
        .digest('hex'),
    );
    expect(verification_type).toBe('recovery');
    expect(redirect_to).toBe(redirectTo);
    expect(action_link).toBe(`${stack().b.url}/auth/v1/verify?token=${hashed_token}&type=recovery&redirect_to=${redirectTo}`);
    expect(data.user?.id).toBe(user.id);
    expect(await mailbox().list(user.email)).toEqual([]);

    const client = anonClient('b');
    expect((await client.auth.verifyOtp({ email: user.email, token: email_otp, type: 'recovery' })).error).toBeNull();
    expect((await client.auth.verifyOtp({ email: user.email, token: email_otp, type: 'recovery' })).error?.code).toBe('otp_expired');
  });

  it('an invite link for a new address creates the invited user', async () => {
    const email = `link-${randomUUID().slice(0, 8)}@carebridge.test`;
    const { data, error } = await serviceClient('a').auth.admin.generateLink({ type: 'invite', email });
    expect(error).toBeNull();
    expect(data.user?.invited_at).toBeTruthy();
    const { error: verifyError, data: verified } = await anonClient('a').auth.verifyOtp({
      token_hash: data.properties!.hashed_token,
      type: 'invite',
    });
    expect(verifyError).toBeNull();
    expect(verified.user?.email_confirmed_at).toBeTruthy();
  });

  it('refuses a recovery link for an unknown address, and an unknown type, and creates nobody', async () => {
    const email = `nobody-${randomUUID().slice(0, 8)}@carebridge.test`;
    const recovery = await serviceClient('a').auth.admin.generateLink({ type: 'recovery', email });
    expect(recovery.error?.code).toBe('user_not_found');
    expect(recovery.error?.status).toBe(404);
    const unknown = await fetch(`${stack().a.url}/auth/v1/admin/generate_link`, {
      method: 'POST',
      headers: { apikey: stack().a.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'password_reset', email }),
    });
    expect(unknown.status).toBe(400);
    expect(await sql('a', 'select 1 from auth.users where email = $1', [email])).toEqual([]);
  });
});
