import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { SignJWT, decodeProtectedHeader, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import { DEMO_PASSWORD, THERAPISTS } from '@/lib/testing/demo';
import { startEphemeralStack } from './ephemeral';
import { JWT_SIGNING_MODES } from './keys';
import type { LocalStack } from './stack';

/** A fetch that records every URL path it is asked for, to see which round trips a client makes. */
function countingFetch() {
  const paths: string[] = [];
  const fetchAndCount: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    paths.push(new URL(url).pathname);
    return fetch(input, init);
  };
  return { paths, fetch: fetchAndCount };
}

async function signInRivera(stack: LocalStack, customFetch?: typeof fetch) {
  const client = createClient(stack.a.url, stack.a.publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: customFetch ? { fetch: customFetch } : {},
  });
  const { data, error } = await client.auth.signInWithPassword({ email: THERAPISTS.rivera.email, password: DEMO_PASSWORD });
  if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
  return { client, accessToken: data.session.access_token };
}

describe.each(JWT_SIGNING_MODES)('with %s token signing', (mode) => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startEphemeralStack({ seed: true, jwtSigning: mode });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('signs access tokens with the mode’s key and publishes only public keys, without an API key', async () => {
    const { accessToken } = await signInRivera(stack);
    const header = decodeProtectedHeader(accessToken);

    const response = await fetch(`${stack.a.url}/auth/v1/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=600');
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };

    if (mode === 'asymmetric') {
      expect(header).toEqual({ alg: 'ES256', typ: 'JWT', kid: stack.a.signingKey.kid });
      expect(keys).toEqual([
        {
          alg: 'ES256',
          crv: 'P-256',
          ext: true,
          key_ops: ['verify'],
          kid: stack.a.signingKey.kid,
          kty: 'EC',
          use: 'sig',
          x: stack.a.signingKey.x,
          y: stack.a.signingKey.y,
        },
      ]);
    } else {
      expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(keys).toEqual([]);
    }
  });

  it('lets the signed-in user read under RLS through PostgREST with the publishable key', async () => {
    const { client } = await signInRivera(stack);
    const { data, error } = await client.from('clients').select('id');
    expect(error).toBeNull();
    const ids = data?.map((row) => row.id) ?? [];
    expect(ids).toContain(THERAPISTS.rivera.linkedClient);
    expect(ids).not.toContain(THERAPISTS.chen.linkedClient);
  });

  it('runs admin API calls with the secret key and with the legacy service_role key', async () => {
    for (const key of [stack.a.secretKey, stack.a.serviceRoleKey]) {
      const admin = createClient(stack.a.url, key, { auth: { persistSession: false, autoRefreshToken: false } });
      const email = `signing-${randomUUID().slice(0, 8)}@carebridge.test`;
      const created = await admin.auth.admin.createUser({ email, password: 'signing-test-pass', email_confirm: true });
      expect(created.error).toBeNull();
      const fetched = await admin.auth.admin.getUserById(created.data.user?.id ?? '');
      expect(fetched.data.user?.email).toBe(email);
      await admin.auth.admin.deleteUser(created.data.user?.id ?? '');
    }
  });

  it(
    mode === 'asymmetric'
      ? 'getClaims() verifies against the JWKS, with no round trip to /auth/v1/user'
      : 'getClaims() has no public key to use, so it asks /auth/v1/user, as supabase-js does for HS256',
    async () => {
      const counter = countingFetch();
      const { client } = await signInRivera(stack, counter.fetch);
      counter.paths.length = 0;

      for (let i = 0; i < 3; i++) {
        const { data, error } = await client.auth.getClaims();
        expect(error).toBeNull();
        expect(data?.claims.sub).toBe(THERAPISTS.rivera.id);
      }
      const userCalls = counter.paths.filter((p) => p === '/auth/v1/user').length;
      const jwksCalls = counter.paths.filter((p) => p === '/auth/v1/.well-known/jwks.json').length;
      if (mode === 'asymmetric') {
        expect(userCalls).toBe(0);
        // Fetched at most once, then cached (supabase-js shares the key set across clients of a project).
        expect(jwksCalls).toBeLessThanOrEqual(1);
      } else {
        expect(userCalls).toBe(3);
      }
    },
  );

  it('refuses a token with a forged signature in PostgREST and in the auth server', async () => {
    const { accessToken } = await signInRivera(stack);
    const [header, payload] = accessToken.split('.');
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ sub: THERAPISTS.rivera.id, role: 'authenticated', aud: 'authenticated' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: stack.a.signingKey.kid ?? 'none' })
      .setExpirationTime('1h')
      .sign(privateKey);
    // The user's own claims and header with the signature of another key.
    const tampered = `${header}.${payload}.${foreign.split('.')[2]}`;

    for (const token of [foreign, tampered]) {
      const rest = await fetch(`${stack.a.url}/rest/v1/clients?select=id`, {
        headers: { apikey: stack.a.publishableKey, authorization: `Bearer ${token}` },
      });
      expect(rest.status).toBe(401);
      const auth = await fetch(`${stack.a.url}/auth/v1/user`, {
        headers: { apikey: stack.a.publishableKey, authorization: `Bearer ${token}` },
      });
      expect(auth.status).toBe(403);
      expect(((await auth.json()) as { error_code: string }).error_code).toBe('bad_jwt');
    }
  });

  it('keeps legacy HS256 tokens valid: a token signed with the JWT secret still reads under RLS', async () => {
    const legacyToken = await new SignJWT({ sub: THERAPISTS.rivera.id, role: 'authenticated', aud: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(stack.a.jwtSecret));
    const client = createProjectAUserClient(stack.a.url, stack.a.publishableKey, legacyToken);
    const { data, error } = await client.from('clients').select('id').eq('id', THERAPISTS.rivera.linkedClient);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: THERAPISTS.rivera.linkedClient }]);
  });

  it.runIf(mode === 'asymmetric')('names an unknown key id the way GoTrue does', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const kid = randomUUID();
    const token = await new SignJWT({ sub: THERAPISTS.rivera.id, role: 'authenticated' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid })
      .setExpirationTime('1h')
      .sign(privateKey);
    const response = await fetch(`${stack.a.url}/auth/v1/user`, {
      headers: { apikey: stack.a.publishableKey, authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { msg: string };
    expect(body.msg).toBe(
      `invalid JWT: unable to parse or verify signature, token is unverifiable: error while executing keyfunc: unrecognized JWT kid ${kid} for algorithm ES256`,
    );
  });
});
