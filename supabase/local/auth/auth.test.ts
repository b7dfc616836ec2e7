import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuthWeakPasswordError, createClient, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT, decodeJwt, jwtVerify } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '../postgres';
import { createAuthService, type AuthServiceOptions } from './server';
import { NON_NULL_USER_COLUMNS } from './users';

const JWT_SECRET = 'test-secret-with-at-least-32-characters!!';
const secretKey = new TextEncoder().encode(JWT_SECRET);
const API_VERSION = { 'X-Supabase-Api-Version': '2024-01-01' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function sign(claims: Record<string, unknown>, secret: Uint8Array = secretKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
}

interface RunningAuth {
  url: string;
  close(): Promise<void>;
}

/** What the stack's gateway does for /auth/v1, minus the apikey check. */
async function serveAuth(options: AuthServiceOptions): Promise<RunningAuth> {
  const auth = createAuthService(options);
  const server: Server = createServer((req, res) => {
    const match = /^\/auth\/v1(\/.*|\?.*)?$/.exec(req.url ?? '/');
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const rest = match[1] ?? '/';
    void auth.handle(req, res, rest.startsWith('?') ? `/${rest}` : rest);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let dataDir: string;
let postgres: RunningPostgres | undefined;
let pool: pg.Pool | undefined;
let strictAuth: RunningAuth | undefined; // refresh-token reuse interval 0
let lenientAuth: RunningAuth | undefined; // GoTrue's default 10 s
let closedAuth: RunningAuth | undefined; // sign-ups disabled
let anonKey: string;
let serviceRoleKey: string;

const db = () => {
  if (!pool) throw new Error('pool not started');
  return pool;
};
const baseUrl = () => strictAuth?.url ?? '';

function client(key = anonKey, url = baseUrl()): SupabaseClient {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

async function api(
  pathAndQuery: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Headers; text: string; json: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl()}/auth/v1${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers: { apikey: anonKey, ...init.headers },
    body: init.body,
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON; callers look at `text`
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** An address no other test uses, so tests can run in any order. */
function freshEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

interface FreshUser {
  id: string;
  email: string;
  password: string;
}

/** Signs a new, auto-confirmed user up through the public API; the password is `<label>-pass-1`. */
async function signUpFresh(label: string, data?: Record<string, unknown>): Promise<FreshUser> {
  const email = freshEmail(label);
  const password = `${label}-pass-1`;
  const { data: signedUp, error } = await client().auth.signUp({ email, password, options: { data } });
  if (error || !signedUp.user) throw new Error(`sign-up of ${email} failed: ${error?.message ?? 'no user'}`);
  return { id: signedUp.user.id, email, password };
}

/** Signs in with the user's own password unless told otherwise, on a new client unless given one. */
const signInAs = (user: FreshUser, { password = user.password, on = client() }: { password?: string; on?: SupabaseClient } = {}) =>
  on.auth.signInWithPassword({ email: user.email, password });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cb-auth-test-'));
  postgres = await startPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), ephemeral: true });
  pool = new pg.Pool({ connectionString: postgres.superuserUrl('postgres'), max: 10 });
  // Stopping Postgres in afterAll can reach a client that is still closing (57P01): not a test failure.
  pool.on('error', () => {});
  await pool.query(await readFile(path.join(import.meta.dirname, '..', 'bootstrap.sql'), 'utf8'));
  anonKey = await sign({ role: 'anon', iss: 'supabase' });
  serviceRoleKey = await sign({ role: 'service_role', iss: 'supabase' });
  strictAuth = await serveAuth({ pool, jwtSecret: JWT_SECRET, issuer: 'http://local/auth/v1', refreshTokenReuseIntervalSeconds: 0 });
  lenientAuth = await serveAuth({ pool, jwtSecret: JWT_SECRET, issuer: 'http://local/auth/v1' });
  closedAuth = await serveAuth({ pool, jwtSecret: JWT_SECRET, issuer: 'http://local/auth/v1', disableSignup: true });
}, 120_000);

afterAll(async () => {
  await strictAuth?.close();
  await lenientAuth?.close();
  await closedAuth?.close();
  await pool?.end();
  await postgres?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('public endpoints', () => {
  it('reports health and settings', async () => {
    const health = await api('/health');
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ name: 'GoTrue', description: expect.any(String), version: expect.any(String) });

    const settings = await api('/settings');
    expect(settings.json).toMatchObject({
      external: { email: true, phone: false },
      disable_signup: false,
      mailer_autoconfirm: true,
      phone_autoconfirm: false,
      sms_provider: '',
      saml_enabled: false,
    });
  });

  it('signs up an auto-confirmed user and returns a session with GoTrue claims', async () => {
    const email = freshEmail('alice');
    const { data, error } = await client().auth.signUp({
      email: email.replace('alice', 'Alice').replace('example.com', 'Example.com'),
      password: 'alice-pass-1',
      options: { data: { full_name: 'Alice A' } },
    });
    expect(error).toBeNull();
    const { session, user } = data;
    expect(session?.token_type).toBe('bearer');
    expect(session?.expires_in).toBe(3600);
    expect(session?.refresh_token).toMatch(/^[a-z0-9]{12}$/);
    expect(user?.email).toBe(email);
    expect(user?.email_confirmed_at).toBeTruthy();
    expect(user?.phone).toBe('');
    expect(user?.user_metadata).toMatchObject({ full_name: 'Alice A', email_verified: true });
    expect(user?.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
    expect(user?.identities).toHaveLength(1);
    expect(user?.identities?.[0]).toMatchObject({
      provider: 'email',
      id: user?.id,
      identity_data: { sub: user?.id, email, email_verified: true },
    });

    const { payload } = await jwtVerify(session?.access_token ?? '', secretKey);
    expect(payload).toMatchObject({
      iss: 'http://local/auth/v1',
      sub: user?.id,
      aud: 'authenticated',
      role: 'authenticated',
      email,
      phone: '',
      aal: 'aal1',
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { full_name: 'Alice A' },
    });
    expect(payload.exp).toBe(session?.expires_at);
    expect(payload.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
    const stored = await db().query('select session_id from auth.refresh_tokens where token = $1', [session?.refresh_token]);
    expect(stored.rows[0]?.session_id).toBe(payload.session_id);
  });

  it('refuses weak passwords, taken addresses and malformed e-mail the way GoTrue does', async () => {
    const weak = await client().auth.signUp({ email: freshEmail('weak'), password: '12345' });
    expect(weak.error?.code).toBe('weak_password');
    expect(weak.error?.status).toBe(422);
    expect(weak.error).toBeInstanceOf(AuthWeakPasswordError);
    expect((weak.error as AuthWeakPasswordError).reasons).toEqual(['length']);

    const alice = await signUpFresh('alice');
    const taken = await client().auth.signUp({ email: alice.email.toUpperCase(), password: 'another-pass' });
    expect(taken.error?.code).toBe('user_already_exists');
    expect(taken.error?.status).toBe(422);

    const malformed = await client().auth.signUp({ email: 'not-an-email', password: 'another-pass' });
    expect(malformed.error?.code).toBe('validation_failed');
    expect(malformed.error?.status).toBe(400);
  });

  it('signs in with a password and refuses wrong credentials', async () => {
    const alice = await signUpFresh('alice');
    const ok = await client().auth.signInWithPassword({ email: alice.email.replace('example.com', 'EXAMPLE.com'), password: 'alice-pass-1' });
    expect(ok.error).toBeNull();
    expect(ok.data.user?.last_sign_in_at).toBeTruthy();

    const wrongPassword = await signInAs(alice, { password: 'nope-nope' });
    expect(wrongPassword.error?.code).toBe('invalid_credentials');
    expect(wrongPassword.error?.status).toBe(400);
    expect(wrongPassword.error?.message).toBe('Invalid login credentials');

    const unknown = await client().auth.signInWithPassword({ email: freshEmail('nobody'), password: 'whatever1' });
    expect(unknown.error?.code).toBe('invalid_credentials');
  });

  it('verifies passwords hashed by pgcrypto in SQL seeds', async () => {
    const email = freshEmail('seeded');
    await db().query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, created_at, updated_at,
                               confirmation_token, recovery_token, email_change_token_new, email_change)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
               extensions.crypt('seeded-pass', extensions.gen_salt('bf')), now(), now(), now(), '', '', '', '')`,
      [randomUUID(), email],
    );
    const { data, error } = await client().auth.signInWithPassword({ email, password: 'seeded-pass' });
    expect(error).toBeNull();
    expect(data.user?.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
  });
});

describe('refresh tokens', () => {
  it('rotates, and a spent token outside the reuse window ends the session', async () => {
    const first = await signInAs(await signUpFresh('alice'));
    const spent = first.data.session?.refresh_token ?? '';

    const refreshed = await client().auth.refreshSession({ refresh_token: spent });
    expect(refreshed.error).toBeNull();
    const live = refreshed.data.session?.refresh_token ?? '';
    expect(live).not.toBe(spent);
    // Same session, same second: the access token may be byte-identical, the session must be.
    expect(decodeJwt(refreshed.data.session?.access_token ?? '').session_id).toBe(decodeJwt(first.data.session?.access_token ?? '').session_id);
    const rows = await db().query<{ token: string; revoked: boolean; parent: string | null }>(
      'select token, revoked, parent from auth.refresh_tokens where token = any($1) order by id',
      [[spent, live]],
    );
    expect(rows.rows).toEqual([
      { token: spent, revoked: true, parent: null },
      { token: live, revoked: false, parent: spent },
    ]);

    const reused = await client().auth.refreshSession({ refresh_token: spent });
    expect(reused.error?.code).toBe('refresh_token_already_used');
    expect(reused.error?.message).toBe('Invalid Refresh Token: Already Used');

    // The whole session went, so the live token and the access token die with it.
    const afterReuse = await client().auth.refreshSession({ refresh_token: live });
    expect(afterReuse.error?.code).toBe('refresh_token_not_found');
    const user = await api('/user', {
      headers: { ...API_VERSION, authorization: `Bearer ${refreshed.data.session?.access_token}` },
    });
    expect(user.status).toBe(403);
    expect(user.json.code).toBe('session_not_found');
  });

  it('within the reuse window, hands the live token back to a client that retries with its parent', async () => {
    const lenient = client(anonKey, lenientAuth?.url);
    const first = await signInAs(await signUpFresh('alice'), { on: lenient });
    const r1 = first.data.session?.refresh_token ?? '';
    const r2 = (await lenient.auth.refreshSession({ refresh_token: r1 })).data.session?.refresh_token;
    const retried = await lenient.auth.refreshSession({ refresh_token: r1 });
    expect(retried.error).toBeNull();
    expect(retried.data.session?.refresh_token).toBe(r2);

    // Once the live token moves on, its grandparent is a replay even inside the window.
    await lenient.auth.refreshSession({ refresh_token: r2 ?? '' });
    const replay = await lenient.auth.refreshSession({ refresh_token: r1 });
    expect(replay.error?.code).toBe('refresh_token_already_used');
  });

  it('serialises concurrent refreshes of one token onto a single rotation', async () => {
    const lenient = client(anonKey, lenientAuth?.url);
    const first = await signInAs(await signUpFresh('alice'), { on: lenient });
    const r1 = first.data.session?.refresh_token ?? '';
    const results = await Promise.all([1, 2, 3].map(() => client(anonKey, lenientAuth?.url).auth.refreshSession({ refresh_token: r1 })));
    expect(results.map((result) => result.error)).toEqual([null, null, null]);
    expect(new Set(results.map((result) => result.data.session?.refresh_token)).size).toBe(1);
    const live = await db().query('select 1 from auth.refresh_tokens where parent = $1', [r1]);
    expect(live.rowCount).toBe(1);
  });

  it('rejects unknown and malformed refresh tokens', async () => {
    const unknown = await client().auth.refreshSession({ refresh_token: 'abcdefghijkl' });
    expect(unknown.error?.code).toBe('refresh_token_not_found');
    const short = await api('/token?grant_type=refresh_token', {
      method: 'POST',
      headers: { ...API_VERSION, 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: 'x' }),
    });
    expect(short.status).toBe(400);
    expect(short.json.code).toBe('validation_failed');
  });
});

describe('the signed-in user', () => {
  it('reads and updates the user; metadata merges and null removes a key', async () => {
    const user = await signUpFresh('alice', { full_name: 'Alice A' });
    const alice = client();
    const signedIn = await signInAs(user, { on: alice });
    const accessToken = signedIn.data.session?.access_token ?? '';

    const got = await alice.auth.getUser(accessToken);
    expect(got.error).toBeNull();
    expect(got.data.user?.email).toBe(user.email);

    const updated = await alice.auth.updateUser({ data: { theme: 'dark', full_name: null } });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toEqual({ theme: 'dark', email_verified: true });

    const same = await alice.auth.updateUser({ password: 'alice-pass-1' });
    expect(same.error?.code).toBe('same_password');

    const other = client();
    await signInAs(user, { on: other });
    const changed = await alice.auth.updateUser({ password: 'alice-pass-2' });
    expect(changed.error).toBeNull();
    // A password change keeps the current session and ends the others.
    expect((await alice.auth.getUser(accessToken)).error).toBeNull();
    expect((await other.auth.getUser()).error?.name).toBe('AuthSessionMissingError');

    const oldPassword = await signInAs(user, { password: 'alice-pass-1' });
    expect(oldPassword.error?.code).toBe('invalid_credentials');
    const newPassword = await signInAs(user, { password: 'alice-pass-2' });
    expect(newPassword.error).toBeNull();
  });

  it('after signOut the old access token and refresh token are refused', async () => {
    const alice = client();
    const { data } = await signInAs(await signUpFresh('alice'), { on: alice });
    const accessToken = data.session?.access_token ?? '';
    const refreshToken = data.session?.refresh_token ?? '';

    const { error } = await alice.auth.signOut();
    expect(error).toBeNull();

    const after = await client().auth.getUser(accessToken);
    expect(after.data.user).toBeNull();
    expect(after.error?.name).toBe('AuthSessionMissingError');
    const raw = await api('/user', { headers: { ...API_VERSION, authorization: `Bearer ${accessToken}` } });
    expect(raw.status).toBe(403);
    expect(raw.json).toEqual({ code: 'session_not_found', message: expect.any(String) });
    const refresh = await client().auth.refreshSession({ refresh_token: refreshToken });
    expect(refresh.error?.code).toBe('refresh_token_not_found');
  });

  it('logout scopes: local ends one session, others keeps the caller', async () => {
    const alice = await signUpFresh('alice');
    const a = (await signInAs(alice)).data.session?.access_token ?? '';
    const b = (await signInAs(alice)).data.session?.access_token ?? '';
    const c = (await signInAs(alice)).data.session?.access_token ?? '';
    const status = async (token: string) => (await api('/user', { headers: { authorization: `Bearer ${token}` } })).status;

    const local = await api('/logout?scope=local', { method: 'POST', headers: { authorization: `Bearer ${c}` } });
    expect(local.status).toBe(204);
    expect(local.text).toBe('');
    expect([await status(a), await status(b), await status(c)]).toEqual([200, 200, 403]);

    const others = await api('/logout?scope=others', { method: 'POST', headers: { authorization: `Bearer ${a}` } });
    expect(others.status).toBe(204);
    expect([await status(a), await status(b)]).toEqual([200, 403]);

    const bad = await api('/logout?scope=galaxy', { method: 'POST', headers: { ...API_VERSION, authorization: `Bearer ${a}` } });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('validation_failed');
  });
});

describe('wire contract', () => {
  it('shapes errors by X-Supabase-Api-Version and echoes the header', async () => {
    const alice = await signUpFresh('alice');
    const body = JSON.stringify({ email: alice.email, password: 'wrong-password' });
    const legacy = await api('/token?grant_type=password', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(legacy.status).toBe(400);
    expect(legacy.json).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
    expect(legacy.headers.get('x-supabase-api-version')).toBeNull();

    const versioned = await api('/token?grant_type=password', {
      method: 'POST',
      headers: { ...API_VERSION, 'content-type': 'application/json' },
      body,
    });
    expect(versioned.json).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
    expect(versioned.headers.get('x-supabase-api-version')).toBe('2024-01-01');

    const success = await api('/health', { headers: API_VERSION });
    expect(success.headers.get('x-supabase-api-version')).toBe('2024-01-01');

    const weak = await api('/signup', {
      method: 'POST',
      headers: { ...API_VERSION, 'content-type': 'application/json' },
      body: JSON.stringify({ email: freshEmail('w'), password: '123' }),
    });
    expect(weak.json).toEqual({ code: 'weak_password', message: expect.any(String), weak_password: { reasons: ['length'] } });
  });

  it('authenticates only with a valid, unexpired Bearer JWT', async () => {
    const missing = await api('/user', { headers: API_VERSION });
    expect([missing.status, missing.json.code]).toEqual([401, 'no_authorization']);

    const garbage = await api('/user', { headers: { ...API_VERSION, authorization: 'Bearer not-a-jwt' } });
    expect([garbage.status, garbage.json.code]).toEqual([403, 'bad_jwt']);

    const { data } = await signInAs(await signUpFresh('alice'));
    const claims = decodeJwt(data.session?.access_token ?? '');
    const expired = await sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 });
    const expiredReply = await api('/user', { headers: { ...API_VERSION, authorization: `Bearer ${expired}` } });
    expect([expiredReply.status, expiredReply.json.code]).toEqual([403, 'bad_jwt']);

    const forged = await sign(claims, new TextEncoder().encode('some-other-secret-of-enough-length!!'));
    const forgedReply = await api('/user', { headers: { ...API_VERSION, authorization: `Bearer ${forged}` } });
    expect([forgedReply.status, forgedReply.json.code]).toEqual([403, 'bad_jwt']);
  });

  it('accepts form-encoded token requests and refuses unknown grant types', async () => {
    const alice = await signUpFresh('alice');
    const form = await api('/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', email: alice.email, password: alice.password }).toString(),
    });
    expect(form.status).toBe(200);
    expect(form.json.access_token).toEqual(expect.any(String));

    for (const query of ['?grant_type=magic', '']) {
      const reply = await api(`/token${query}`, { method: 'POST', headers: API_VERSION, body: '{}' });
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({ code: 'invalid_credentials', message: 'unsupported_grant_type' });
    }
  });

  it('rejects bad JSON, oversized bodies and unknown routes', async () => {
    const badJson = await api('/signup', { method: 'POST', headers: { ...API_VERSION, 'content-type': 'application/json' }, body: '{' });
    expect([badJson.status, badJson.json.code]).toEqual([400, 'bad_json']);

    const wrongType = await api('/signup', {
      method: 'POST',
      headers: { ...API_VERSION, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 42, password: 'long-enough' }),
    });
    expect([wrongType.status, wrongType.json.code]).toEqual([400, 'bad_json']);

    const huge = await api('/signup', {
      method: 'POST',
      headers: { ...API_VERSION, 'content-type': 'application/json' },
      body: JSON.stringify({ email: freshEmail('big'), password: 'x'.repeat(1_100_000) }),
    });
    expect([huge.status, huge.json.code]).toEqual([413, 'request_entity_too_large']);

    // Without a content-length the limit is enforced while reading, and the 413 still arrives.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${baseUrl()}/auth/v1/signup`, { method: 'POST', headers: { ...API_VERSION } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ code: 'request_entity_too_large' });

    const unknown = await api('/nowhere', { headers: API_VERSION });
    expect([unknown.status, unknown.json.code]).toEqual([404, 'not_found']);
    const wrongMethod = await api('/signup', { method: 'GET', headers: API_VERSION });
    expect(wrongMethod.status).toBe(404);
  });
});

// GoTrue's Signup handler (internal/api/signup.go, supabase/auth bc32168) checks
// DisableSignup first: 422 signup_disabled, before the body is even parsed.
describe('with sign-ups disabled (GOTRUE_DISABLE_SIGNUP)', () => {
  const closedUrl = () => closedAuth?.url ?? '';
  const signupTo = (headers: Record<string, string>, body: string) =>
    fetch(`${closedUrl()}/auth/v1/signup`, { method: 'POST', headers: { apikey: anonKey, 'content-type': 'application/json', ...headers }, body });

  it('refuses POST /signup with GoTrue’s signup_disabled error and creates no user', async () => {
    const email = freshEmail('stranger');
    const { data, error } = await client(anonKey, closedUrl()).auth.signUp({ email, password: 'stranger-pass-1' });
    expect(data).toEqual({ user: null, session: null });
    expect(error).toMatchObject({ status: 422, code: 'signup_disabled', message: 'Signups not allowed for this instance' });

    const versioned = await signupTo(API_VERSION, JSON.stringify({ email, password: 'stranger-pass-1' }));
    expect(versioned.status).toBe(422);
    expect(versioned.headers.get('x-sb-error-code')).toBe('signup_disabled');
    expect(await versioned.json()).toEqual({ code: 'signup_disabled', message: 'Signups not allowed for this instance' });

    const legacy = await signupTo({}, JSON.stringify({ email, password: 'stranger-pass-1' }));
    expect(await legacy.json()).toEqual({ code: 422, error_code: 'signup_disabled', msg: 'Signups not allowed for this instance' });

    // Checked before the body is read, as GoTrue does: even malformed JSON gets the same answer.
    const malformed = await signupTo(API_VERSION, '{');
    expect([malformed.status, ((await malformed.json()) as { code: string }).code]).toEqual([422, 'signup_disabled']);

    const stored = await db().query('select 1 from auth.users where email = $1', [email]);
    expect(stored.rows).toHaveLength(0);
  });

  it('says so in /settings, and the admin API still creates accounts that can sign in', async () => {
    const settings = await fetch(`${closedUrl()}/auth/v1/settings`, { headers: { apikey: anonKey } });
    expect(await settings.json()).toMatchObject({ disable_signup: true, external: { email: true } });

    const email = freshEmail('invited');
    const created = await client(serviceRoleKey, closedUrl()).auth.admin.createUser({ email, password: 'invited-pass-1', email_confirm: true });
    expect(created.error).toBeNull();
    const signedIn = await client(anonKey, closedUrl()).auth.signInWithPassword({ email, password: 'invited-pass-1' });
    expect(signedIn.error).toBeNull();
    expect(signedIn.data.user?.id).toBe(created.data.user?.id);
  });
});

describe('admin API', () => {
  const admin = () => client(serviceRoleKey).auth.admin;

  /** Bob: confirmed, with a caller-chosen id, a name and a plan; the password is `bob-pass-1`. */
  async function createBob(): Promise<FreshUser> {
    const bob = { id: randomUUID(), email: freshEmail('bob'), password: 'bob-pass-1' };
    const { error } = await admin().createUser({
      ...bob,
      email_confirm: true,
      user_metadata: { full_name: 'Bob B' },
      app_metadata: { tier: 'pro' },
    });
    if (error) throw new Error(`creating ${bob.email} failed: ${error.message}`);
    return bob;
  }

  it('creates users, with a caller-chosen id, metadata and confirmation', async () => {
    const bobId = randomUUID();
    const bobEmail = freshEmail('bob');
    const { data, error } = await admin().createUser({
      id: bobId,
      email: bobEmail.replace('bob', 'Bob').replace('example.com', 'Example.com'),
      password: 'bob-pass-1',
      email_confirm: true,
      user_metadata: { full_name: 'Bob B' },
      app_metadata: { tier: 'pro' },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      id: bobId,
      email: bobEmail,
      app_metadata: { provider: 'email', providers: ['email'], tier: 'pro' },
      user_metadata: { full_name: 'Bob B', email_verified: true },
    });
    expect(data.user?.identities).toHaveLength(1);
    const signedIn = await client().auth.signInWithPassword({ email: bobEmail, password: 'bob-pass-1' });
    expect(signedIn.error).toBeNull();
    expect(decodeJwt(signedIn.data.session?.access_token ?? '').app_metadata).toMatchObject({ tier: 'pro' });

    const carolEmail = freshEmail('carol');
    const unconfirmed = await admin().createUser({ email: carolEmail, password: 'carol-pass-1' });
    expect(unconfirmed.error).toBeNull();
    expect(unconfirmed.data.user?.email_confirmed_at).toBeUndefined();
    const carol = await client().auth.signInWithPassword({ email: carolEmail, password: 'carol-pass-1' });
    expect(carol.error?.code).toBe('email_not_confirmed');

    const duplicate = await admin().createUser({ email: bobEmail, password: 'whatever-1' });
    expect([duplicate.error?.status, duplicate.error?.code]).toEqual([422, 'email_exists']);
    // GoTrue keeps a caller-chosen id, and a taken one fails its insert: 500, as there.
    const sameId = await admin().createUser({ id: bobId, email: freshEmail('bob2') });
    // supabase-js reports any 5xx as a retryable fetch error, without GoTrue's code.
    expect([sameId.error?.name, sameId.error?.status, sameId.error?.message]).toEqual([
      'AuthRetryableFetchError',
      500,
      'Database error creating new user',
    ]);
    expect(await admin().getUserById(bobId)).toMatchObject({ data: { user: { email: bobEmail } } });
  });

  it('gets users by id, 404 user_not_found otherwise', async () => {
    const bob = await createBob();
    const found = await admin().getUserById(bob.id);
    expect(found.data.user?.email).toBe(bob.email);
    const missing = await admin().getUserById(randomUUID());
    expect([missing.error?.status, missing.error?.code]).toEqual([404, 'user_not_found']);
  });

  it('updates metadata by merging, changes passwords and bans', async () => {
    const bob = await createBob();
    const merged = await admin().updateUserById(bob.id, {
      user_metadata: { team: 'north' },
      app_metadata: { tier: null, plan: 'clinic' },
    });
    expect(merged.error).toBeNull();
    expect(merged.data.user?.user_metadata).toEqual({ full_name: 'Bob B', email_verified: true, team: 'north' });
    expect(merged.data.user?.app_metadata).toEqual({ provider: 'email', providers: ['email'], plan: 'clinic' });

    const before = await signInAs(bob, { password: 'bob-pass-1' });
    const newPassword = await admin().updateUserById(bob.id, { password: 'bob-pass-2' });
    expect(newPassword.error).toBeNull();
    expect((await client().auth.getUser(before.data.session?.access_token)).error?.name).toBe('AuthSessionMissingError');
    expect((await signInAs(bob, { password: 'bob-pass-2' })).error).toBeNull();

    const banned = await admin().updateUserById(bob.id, { ban_duration: '24h' });
    expect(Date.parse(banned.data.user?.banned_until ?? '')).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    const refused = await signInAs(bob, { password: 'bob-pass-2' });
    expect(refused.error?.code).toBe('user_banned');

    const lifted = await admin().updateUserById(bob.id, { ban_duration: 'none' });
    expect(lifted.data.user?.banned_until).toBeUndefined();
    expect((await signInAs(bob, { password: 'bob-pass-2' })).error).toBeNull();

    const badDuration = await admin().updateUserById(bob.id, { ban_duration: 'forever' });
    expect(badDuration.error?.code).toBe('validation_failed');
  });

  it('lists users newest first with x-total-count and a page-first link header', async () => {
    const countUsers = async () => Number((await db().query<{ total: string }>('select count(*) as total from auth.users')).rows[0]?.total);
    const before = await countUsers();
    // Four users of its own, the unconfirmed carol last: the count moves by exactly these, and carol heads page 1.
    await createBob();
    await createBob();
    await createBob();
    const carolEmail = freshEmail('carol');
    expect((await admin().createUser({ email: carolEmail, password: 'carol-pass-1' })).error).toBeNull();
    const total = await countUsers();
    expect(total - before).toBe(4);
    // supabase-js reads only the first digit of each page number in the link header, so its listing keeps to
    // fewer than ten pages however many users the file has made; the raw header below is read in full.
    const perPage = Math.max(2, Math.ceil(total / 9));
    const lastPage = Math.ceil(total / perPage);

    const page1 = await admin().listUsers({ page: 1, perPage });
    expect(page1.error).toBeNull();
    expect(page1.data.users).toHaveLength(perPage);
    expect(page1.data).toMatchObject({ total, nextPage: 2, lastPage });
    expect(page1.data.users[0]?.email).toBe(carolEmail);

    const page2 = await admin().listUsers({ page: 2, perPage });
    expect(page2.data.users.map((u) => u.id)).not.toContain(page1.data.users[0]?.id);

    const raw = await api('/admin/users?per_page=2&page=1', { headers: { authorization: `Bearer ${serviceRoleKey}` } });
    expect(raw.headers.get('x-total-count')).toBe(String(total));
    expect(raw.headers.get('link')).toBe(
      `</admin/users?page=2&per_page=2>; rel="next", </admin/users?page=${Math.ceil(total / 2)}&per_page=2>; rel="last"`,
    );
    expect(raw.json.aud).toBe('authenticated');
  });

  it('deletes users with their identities and sessions', async () => {
    const bob = await createBob();
    expect((await signInAs(bob)).error).toBeNull();
    const { error } = await admin().deleteUser(bob.id);
    expect(error).toBeNull();
    const raw = await api(`/admin/users/${randomUUID()}`, { method: 'DELETE', headers: { authorization: `Bearer ${serviceRoleKey}` } });
    expect(raw.status).toBe(404);
    expect((await admin().getUserById(bob.id)).error?.code).toBe('user_not_found');
    const left = await db().query('select 1 from auth.identities where user_id = $1 union all select 1 from auth.sessions where user_id = $1', [
      bob.id,
    ]);
    expect(left.rowCount).toBe(0);
  });

  it('answers DELETE with {} on the wire', async () => {
    const created = await admin().createUser({ email: freshEmail('dave'), password: 'dave-pass-1', email_confirm: true });
    const raw = await api(`/admin/users/${created.data.user?.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${serviceRoleKey}` },
    });
    expect([raw.status, raw.text]).toEqual([200, '{}']);
  });

  it('accepts any service_role token, even without sub or exp, and nothing else', async () => {
    const bare = await sign({ role: 'service_role' });
    expect((await api('/admin/users', { headers: { authorization: `Bearer ${bare}` } })).status).toBe(200);

    const anon = await client(anonKey).auth.admin.listUsers();
    expect([anon.error?.status, anon.error?.code, anon.error?.message]).toEqual([403, 'not_admin', 'User not allowed']);

    const bob = await createBob();
    const { data } = await signInAs(await signUpFresh('alice'));
    const asUser = await client(data.session?.access_token ?? '').auth.admin.getUserById(bob.id);
    expect(asUser.error?.code).toBe('not_admin');

    const none = await api('/admin/users', { headers: API_VERSION });
    expect([none.status, none.json.code]).toEqual([401, 'no_authorization']);
  });
});

describe('rows GoTrue cannot read', () => {
  const GOTRUE_INSTANCE = '00000000-0000-0000-0000-000000000000';
  const admin = () => client(serviceRoleKey).auth.admin;

  /** A user as hand-written SQL seeds used to make them: the token columns left NULL. */
  async function insertSeedStyleUser(email: string): Promise<string> {
    const id = randomUUID();
    await db().query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                               raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ($1, $2, 'authenticated', 'authenticated', $3, extensions.crypt('seeded-pass', extensions.gen_salt('bf', 4)),
               now(), '{"provider": "email", "providers": ["email"]}', '{}', now(), now())`,
      [GOTRUE_INSTANCE, id, email],
    );
    return id;
  }

  async function withUser<T>(id: string, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } finally {
      await db().query('delete from auth.users where id = $1', [id]);
    }
  }

  // supabase-js reports a 500 as a retryable fetch error without its code; the code is checked on the wire.
  const errorOf = (error: { status?: number; message: string } | null) => [error?.status, error?.message];

  it("answers 500 with GoTrue's message on sign-in, the admin list, the admin read and GET /user", async () => {
    const email = `null-tokens-${randomUUID().slice(0, 8)}@example.com`;
    const id = await insertSeedStyleUser(email);
    await withUser(id, async () => {
      const signIn = await client().auth.signInWithPassword({ email, password: 'seeded-pass' });
      expect(errorOf(signIn.error)).toEqual([500, 'Database error querying schema']);
      const rawSignIn = await api('/token?grant_type=password', {
        method: 'POST',
        headers: { ...API_VERSION, 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'seeded-pass' }),
      });
      expect([rawSignIn.status, rawSignIn.json.code, rawSignIn.json.message]).toEqual([500, 'unexpected_failure', 'Database error querying schema']);

      const list = await admin().listUsers({ page: 1, perPage: 1000 });
      expect(errorOf(list.error)).toEqual([500, 'Database error finding users']);

      const read = await admin().getUserById(id);
      expect(errorOf(read.error)).toEqual([500, 'Database error loading user']);

      const token = await sign({ sub: id, role: 'authenticated', aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 60 });
      const me = await api('/user', { headers: { ...API_VERSION, authorization: `Bearer ${token}` } });
      expect([me.status, me.json.code, me.json.message]).toEqual([
        500,
        'unexpected_failure',
        'Unexpected failure, please check server logs for more information',
      ]);

      // The same row with '' where the seed left NULL, as GoTrue writes it: readable everywhere.
      await db().query(
        `update auth.users set confirmation_token = '', recovery_token = '', email_change_token_new = '', email_change = ''
         where id = $1`,
        [id],
      );
      expect((await client().auth.signInWithPassword({ email, password: 'seeded-pass' })).error).toBeNull();
      expect((await admin().listUsers({ page: 1, perPage: 1000 })).error).toBeNull();
      expect((await admin().getUserById(id)).data.user?.email).toBe(email);
    });
  });

  it('refuses a NULL in every column GoTrue reads into a plain Go value', async () => {
    const { rows } = await db().query<{ column: string }>(
      `select attname as column from pg_attribute
       where attrelid = 'auth.users'::regclass and attname = any($1) and not attnotnull and not attisdropped`,
      [[...NON_NULL_USER_COLUMNS]],
    );
    // is_sso_user and is_anonymous are NOT NULL in GoTrue's schema; every other one is nullable.
    expect(rows.map((row) => row.column).sort()).toEqual(
      NON_NULL_USER_COLUMNS.filter((column) => column !== 'is_sso_user' && column !== 'is_anonymous').sort(),
    );
    for (const { column } of rows) {
      const id = await insertSeedStyleUser(`null-${column}-${randomUUID().slice(0, 8)}@example.com`);
      await withUser(id, async () => {
        await db().query(
          `update auth.users set confirmation_token = '', recovery_token = '', email_change_token_new = '', email_change = ''
           where id = $1`,
          [id],
        );
        expect((await admin().getUserById(id)).error, column).toBeNull();
        await db().query(`update auth.users set ${column} = null where id = $1`, [id]);
        expect(errorOf((await admin().getUserById(id)).error), column).toEqual([500, 'Database error loading user']);
      });
    }
  });

  it('does not see rows outside its own instance, as GoTrue filters on instance_id', async () => {
    const email = `other-instance-${randomUUID().slice(0, 8)}@example.com`;
    const id = await insertSeedStyleUser(email);
    await withUser(id, async () => {
      await db().query(
        `update auth.users set instance_id = null, confirmation_token = '', recovery_token = '', email_change_token_new = '',
           email_change = '' where id = $1`,
        [id],
      );
      const signIn = await client().auth.signInWithPassword({ email, password: 'seeded-pass' });
      expect([signIn.error?.status, signIn.error?.code]).toEqual([400, 'invalid_credentials']);
      expect((await admin().getUserById(id)).error?.code).toBe('user_not_found');
    });
  });
});
