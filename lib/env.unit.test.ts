import { describe, expect, it } from 'vitest';
import { EnvError, projectBWritesEnabled, readServerEnv } from './env';

const LEGACY_ANON = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJlLW9mLXRoZS1rZXk';
const LEGACY_SERVICE = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJlLW9mLXRoZS1rZXk';

const settings = (overrides: Record<string, string> = {}) => ({
  NEXT_PUBLIC_SUPABASE_URL: 'https://project-a.supabase.co',
  NEXT_PUBLIC_SUPABASE_ANON_KEY: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  SUPABASE_SERVICE_ROLE_KEY: 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
  PROJECT_B_SUPABASE_URL: 'https://project-b.supabase.co',
  PROJECT_B_SERVICE_ROLE_KEY: 'sb_secret_Q2FyZUJyaWRnZS1wcm9qZWN0_Yi1rZXk1',
  ...overrides,
});

function problemOf(source: Record<string, string>): string {
  try {
    readServerEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
}

describe('API keys in the settings', () => {
  it('accepts publishable and secret keys, and the legacy anon and service_role JWTs', () => {
    expect(readServerEnv(settings()).NEXT_PUBLIC_SUPABASE_ANON_KEY).toMatch(/^sb_publishable_/);
    const legacy = readServerEnv(
      settings({ NEXT_PUBLIC_SUPABASE_ANON_KEY: LEGACY_ANON, SUPABASE_SERVICE_ROLE_KEY: LEGACY_SERVICE, PROJECT_B_SERVICE_ROLE_KEY: LEGACY_SERVICE }),
    );
    expect(legacy.SUPABASE_SERVICE_ROLE_KEY).toBe(LEGACY_SERVICE);
  });

  it('refuses a secret key where the browser would get it, naming the setting', () => {
    const message = problemOf(settings({ NEXT_PUBLIC_SUPABASE_ANON_KEY: 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz' }));
    expect(message).toContain('NEXT_PUBLIC_SUPABASE_ANON_KEY is a secret key; use the Project A publishable key here');
    expect(message).not.toContain('must be');
  });

  it('refuses the publishable key where a secret key is needed', () => {
    const message = problemOf(settings({ PROJECT_B_SERVICE_ROLE_KEY: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH' }));
    expect(message).toContain('PROJECT_B_SERVICE_ROLE_KEY is the publishable key; use a Project B secret key');
  });

  it('refuses something that is neither format', () => {
    const message = problemOf(settings({ SUPABASE_SERVICE_ROLE_KEY: 'not-a-supabase-key-at-all' }));
    expect(message).toContain('SUPABASE_SERVICE_ROLE_KEY must be a Project A secret key (sb_secret_…) or its legacy service_role key');
  });
});

describe('PROJECT_B_WRITES', () => {
  it('is off unless set to enabled', () => {
    expect(projectBWritesEnabled(readServerEnv(settings()))).toBe(false);
    expect(projectBWritesEnabled(readServerEnv(settings({ PROJECT_B_WRITES: 'disabled' })))).toBe(false);
    expect(projectBWritesEnabled(readServerEnv(settings({ PROJECT_B_WRITES: 'enabled' })))).toBe(true);
  });

  it('refuses any other value, naming the setting', () => {
    expect(problemOf(settings({ PROJECT_B_WRITES: 'yes' }))).toContain('PROJECT_B_WRITES must be "enabled" or "disabled"');
  });
});
