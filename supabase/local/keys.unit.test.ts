import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jwtSigningFrom, loadOrCreateStackKeys } from './keys';

describe('STACK_JWT_SIGNING', () => {
  it('defaults to asymmetric, as a new hosted project, and takes legacy', () => {
    expect(jwtSigningFrom(undefined)).toBe('asymmetric');
    expect(jwtSigningFrom('')).toBe('asymmetric');
    expect(jwtSigningFrom('legacy')).toBe('legacy');
  });

  it('refuses anything else with the values it accepts', () => {
    expect(() => jwtSigningFrom('RS256')).toThrow('STACK_JWT_SIGNING must be one of asymmetric, legacy (got "RS256").');
  });
});

describe('the key file', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'carebridge-keys-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is written once with mode 0600 and read back unchanged; the keys have the hosted shapes', async () => {
    const first = await loadOrCreateStackKeys(dataDir, true);
    const file = path.join(dataDir, 'keys.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateStackKeys(dataDir, true)).toEqual(first);

    expect(first.a.publishableKey).toMatch(/^sb_publishable_[\w-]{22}_[\w-]{8}$/);
    expect(first.a.secretKey).toMatch(/^sb_secret_[\w-]{22}_[\w-]{8}$/);
    expect(first.a.signingKey).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.any(String), d: expect.any(String) });
    expect(first.b.secretKey).not.toBe(first.a.secretKey);
    expect(first.b.signingKey.kid).not.toBe(first.a.signingKey.kid);
  });

  it('makes fresh keys and writes nothing for a throw-away stack', async () => {
    const once = await loadOrCreateStackKeys(dataDir, false);
    const twice = await loadOrCreateStackKeys(dataDir, false);
    expect(twice.a.secretKey).not.toBe(once.a.secretKey);
    await expect(stat(path.join(dataDir, 'keys.json'))).rejects.toThrow('ENOENT');
  });

  it('refuses a damaged file with what to do, and leaves it as it was', async () => {
    const file = path.join(dataDir, 'keys.json');
    for (const damaged of [JSON.stringify({ a: { jwtSecret: 'only-this' } }), '{"a": {"jwtSec', 'null']) {
      await writeFile(file, damaged, { mode: 0o600 });
      await expect(loadOrCreateStackKeys(dataDir, true)).rejects.toThrow(
        `${file} is incomplete or damaged. Delete it (or run \`npm run stack:reset\`) to get new keys.`,
      );
      expect(await readFile(file, 'utf8')).toBe(damaged);
    }
  });
});
