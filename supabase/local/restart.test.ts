import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, THERAPISTS } from '@/lib/testing/demo';
import { makeStackDataDir } from './ephemeral';
import { freePort } from './ports';
import { startLocalStack, type LocalStack, type StackOptions } from './stack';

/**
 * A persistent stack (as `npm run dev` runs it) restarted on the same ports and data folder
 * under clients that hold the old keys and a signed-in session. The browser-level version of
 * this is e2e/restart.spec.ts; this one also checks the key file and every key kind.
 */
describe('restarting a persistent stack', () => {
  let options: StackOptions;
  let stack: LocalStack | undefined;
  let before: LocalStack;
  let therapist: SupabaseClient;
  let admin: SupabaseClient;

  beforeAll(async () => {
    options = {
      dataDir: await makeStackDataDir('carebridge-restart-'),
      postgresPort: await freePort(),
      gatewayPorts: { a: await freePort(), b: await freePort() },
      seed: true,
    };
    before = await startLocalStack(options);
    stack = before;
    therapist = createClient(before.a.url, before.a.publishableKey, { auth: { persistSession: false, autoRefreshToken: false } });
    const signIn = await therapist.auth.signInWithPassword({ email: THERAPISTS.rivera.email, password: DEMO_PASSWORD });
    if (signIn.error) throw signIn.error;
    admin = createClient(before.b.url, before.b.secretKey, { auth: { persistSession: false, autoRefreshToken: false } });

    await before.stop();
    stack = undefined;
    stack = await startLocalStack(options);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(options.dataDir, { recursive: true, force: true });
  }, 60_000);

  it('hands out the same keys and secrets, kept in a file only the owner can read', async () => {
    for (const project of ['a', 'b'] as const) {
      const { postgrestSocket: _old, ...original } = before[project];
      const { postgrestSocket: _new, ...after } = stack![project];
      expect(after).toEqual(original);
    }
    const mode = (await stat(path.join(options.dataDir, 'keys.json'))).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('keeps the signed-in user working: claims, a read under RLS, and a token refresh', async () => {
    const claims = await therapist.auth.getClaims();
    expect(claims.error).toBeNull();
    expect(claims.data?.claims.sub).toBe(THERAPISTS.rivera.id);

    const { data, error } = await therapist.from('clients').select('id').eq('id', THERAPISTS.rivera.linkedClient);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: THERAPISTS.rivera.linkedClient }]);

    const refreshed = await therapist.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session?.user.id).toBe(THERAPISTS.rivera.id);
  });

  it('keeps the server’s secret key working for the admin API and for reads past RLS', async () => {
    const users = await admin.auth.admin.listUsers({ perPage: 1 });
    expect(users.error).toBeNull();
    expect(users.data.users).toHaveLength(1);
    const profiles = await admin.from('profiles').select('id').limit(1);
    expect(profiles.error).toBeNull();
    expect(profiles.data).toHaveLength(1);
  });
});
