import { describe, expect, it } from 'vitest';
import { signedInAs, stack, THERAPISTS } from '@/lib/testing/stack-clients';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

async function restGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${stack().a.url}/rest/v1/${path}`, { headers });
  return { status: response.status, body: await response.json() };
}

async function userToken(): Promise<string> {
  const client = await signedInAs('rivera');
  const { data } = await client.auth.getSession();
  if (!data.session) throw new Error('no session');
  return data.session.access_token;
}

describe('the gateway and the current API key formats', () => {
  it('treats the publishable key as the anon role, sent alone or also as the bearer (as supabase-js does)', async () => {
    const { publishableKey } = stack().a;
    const variants: Record<string, string>[] = [{ apikey: publishableKey }, { apikey: publishableKey, authorization: `Bearer ${publishableKey}` }];
    for (const headers of variants) {
      const { status, body } = await restGet('clients?select=id', headers);
      // anon holds nothing in Project A: refused, never a row.
      if (status === 200) expect(body).toEqual([]);
      else expect(body).toMatchObject({ code: '42501' });
    }
  });

  it('treats the secret key as service_role, which reads past RLS', async () => {
    const { secretKey } = stack().a;
    const { status, body } = await restGet(`clients?select=id&id=eq.${THERAPISTS.chen.linkedClient}`, {
      apikey: secretKey,
      authorization: `Bearer ${secretKey}`,
    });
    expect(status).toBe(200);
    expect(body).toEqual([{ id: THERAPISTS.chen.linkedClient }]);
  });

  it('passes a signed-in user’s token through with the publishable key, so RLS sees the user', async () => {
    const token = await userToken();
    const { status, body } = await restGet('clients?select=id', { apikey: stack().a.publishableKey, authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    const ids = (body as { id: string }[]).map((row) => row.id);
    expect(ids).toContain(THERAPISTS.rivera.linkedClient);
    expect(ids).not.toContain(THERAPISTS.chen.linkedClient);
  });

  it('refuses the secret key from a browser, and allows the publishable key there', async () => {
    const secret = await restGet('clients?select=id', { apikey: stack().a.secretKey, 'user-agent': BROWSER });
    expect(secret).toEqual({ status: 401, body: { message: 'Forbidden use of secret API key in browser' } });
    const publishable = await fetch(`${stack().a.url}/auth/v1/settings`, {
      headers: { apikey: stack().a.publishableKey, 'user-agent': BROWSER },
    });
    expect(publishable.status).toBe(200);
  });

  it('refuses an sb_ key as the bearer unless it equals the apikey header', async () => {
    const { publishableKey, secretKey } = stack().a;
    const escalation = await restGet('clients?select=id', { apikey: publishableKey, authorization: `Bearer ${secretKey}` });
    expect(escalation.status).toBe(401);
  });

  it('refuses unknown keys and keys of the other project, old format and new', async () => {
    const { b } = stack();
    const madeUp = 'sb_publishable_AAAAAAAAAAAAAAAAAAAAAA_AAAAAAAA';
    for (const apikey of [madeUp, b.publishableKey, b.secretKey, b.anonKey]) {
      expect(await restGet('clients?select=id', { apikey })).toEqual({ status: 401, body: { message: 'Invalid API key' } });
    }
    expect(await restGet('clients?select=id', {})).toEqual({ status: 401, body: { message: 'No API key found in request' } });
  });

  it('maps the secret key to an admin of the auth server, and the publishable key to none', async () => {
    const { url, secretKey, publishableKey } = stack().a;
    const admin = await fetch(`${url}/auth/v1/admin/users?per_page=1`, { headers: { apikey: secretKey } });
    expect(admin.status).toBe(200);
    const notAdmin = await fetch(`${url}/auth/v1/admin/users?per_page=1`, { headers: { apikey: publishableKey } });
    expect(notAdmin.status).toBe(403);
    expect(((await notAdmin.json()) as { error_code: string }).error_code).toBe('not_admin');
  });
});
