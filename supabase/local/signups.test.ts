import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { serverAuth } from '@/lib/supabase/clients';
import { sql, stack } from '@/lib/testing/stack-clients';

// The stack's per-project sign-up setting, mirroring the hosted "Allow new users to sign up"
// (README, "Sign-ups"): off in the practice's Project A, on in the partner app's Project B.
describe('sign-ups on the local stack', () => {
  const signUp = (project: 'a' | 'b', email: string) =>
    createClient(stack()[project].url, stack()[project].publishableKey, { auth: serverAuth }).auth.signUp({ email, password: 'self-signed-up' });

  it('Project A refuses a self sign-up with signup_disabled and stores no account', async () => {
    const email = `stranger-${randomUUID().slice(0, 8)}@example.com`;
    const { data, error } = await signUp('a', email);
    expect(data.user).toBeNull();
    expect(error).toMatchObject({ status: 422, code: 'signup_disabled', message: 'Signups not allowed for this instance' });
    expect(await sql('a', 'select 1 from auth.users where email = $1', [email])).toHaveLength(0);

    const settings = await fetch(`${stack().a.url}/auth/v1/settings`, { headers: { apikey: stack().a.publishableKey } });
    expect(await settings.json()).toMatchObject({ disable_signup: true });
  });

  it('Project B, a partner app, lets people sign themselves up', async () => {
    const email = `partner-${randomUUID().slice(0, 8)}@example.com`;
    const { data, error } = await signUp('b', email);
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(await sql('b', 'select 1 from auth.users where email = $1', [email])).toHaveLength(1);
  });
});
