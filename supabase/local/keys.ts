import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * How the auth server signs access tokens. `asymmetric` is what a Supabase project
 * created today uses (an ES256 signing key published as a JWKS); `legacy` is the
 * shared HS256 JWT secret that older projects still run on.
 */
export type JwtSigning = 'asymmetric' | 'legacy';
export const JWT_SIGNING_MODES: readonly JwtSigning[] = ['asymmetric', 'legacy'];

/**
 * Everything secret about one project. Generated once and kept in the data folder,
 * so a restart hands out the same keys and running apps and signed-in users carry on.
 */
export interface ProjectKeys {
  /** Legacy HS256 JWT secret: signs in `legacy` mode and still verifies old tokens in both modes. */
  jwtSecret: string;
  /** ES256 private key (JWK with `kid`) that signs access tokens in `asymmetric` mode. */
  signingKey: JWK;
  /** Legacy JWT API keys: long-lived HS256 tokens whose `role` claim picks the database role. */
  anonKey: string;
  serviceRoleKey: string;
  /** Opaque API keys of the current format: the gateway maps them to the anon and service_role roles. */
  publishableKey: string;
  secretKey: string;
}

export interface StackKeys {
  a: ProjectKeys;
  b: ProjectKeys;
}

const TEN_YEARS_IN_SECONDS = 10 * 365 * 24 * 3600;
const KEY_FILE = 'keys.json';
// Written by earlier versions of the stack: a bare secret per project, with keys re-signed on every start.
const OUTDATED_KEY_FILE = 'jwt-secrets.json';

export function jwtSigningFrom(value: string | undefined): JwtSigning {
  if (value === undefined || value === '') return 'asymmetric';
  if ((JWT_SIGNING_MODES as readonly string[]).includes(value)) return value as JwtSigning;
  throw new Error(`STACK_JWT_SIGNING must be one of ${JWT_SIGNING_MODES.join(', ')} (got "${value}").`);
}

async function signLegacyApiKey(role: 'anon' | 'service_role', secret: string): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({ role, iss: 'supabase' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TEN_YEARS_IN_SECONDS)
    .sign(new TextEncoder().encode(secret));
}

/** `sb_<kind>_` + 22 random base64url characters + `_` + an 8-character checksum, the shape Supabase issues. */
function opaqueApiKey(kind: 'publishable' | 'secret', projectRef: string): string {
  const body = `sb_${kind}_${randomBytes(17).toString('base64url').slice(0, 22)}`;
  const checksum = createHash('sha256').update(`${projectRef}|${body}`).digest('base64url').slice(0, 8);
  return `${body}_${checksum}`;
}

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256', use: 'sig', key_ops: ['sign', 'verify'] };
}

export async function makeProjectKeys(projectRef: string): Promise<ProjectKeys> {
  const jwtSecret = randomBytes(32).toString('hex');
  return {
    jwtSecret,
    signingKey: await newSigningKey(),
    anonKey: await signLegacyApiKey('anon', jwtSecret),
    serviceRoleKey: await signLegacyApiKey('service_role', jwtSecret),
    publishableKey: opaqueApiKey('publishable', projectRef),
    secretKey: opaqueApiKey('secret', projectRef),
  };
}

function isProjectKeys(value: unknown): value is ProjectKeys {
  if (typeof value !== 'object' || value === null) return false;
  const keys = value as Record<string, unknown>;
  return (
    ['jwtSecret', 'anonKey', 'serviceRoleKey', 'publishableKey', 'secretKey'].every((name) => typeof keys[name] === 'string') &&
    typeof keys.signingKey === 'object' &&
    keys.signingKey !== null
  );
}

/**
 * The stack's keys from `<dataDir>/keys.json` (mode 0600), created on first start.
 * A throw-away stack that is never restarted passes `persist: false` and gets fresh keys.
 */
export async function loadOrCreateStackKeys(dataDir: string, persist: boolean): Promise<StackKeys> {
  const file = path.join(dataDir, KEY_FILE);
  if (persist && existsSync(file)) {
    const damaged = new Error(`${file} is incomplete or damaged. Delete it (or run \`npm run stack:reset\`) to get new keys.`);
    let stored: Partial<Record<'a' | 'b', unknown>>;
    try {
      stored = JSON.parse(await readFile(file, 'utf8')) as Partial<Record<'a' | 'b', unknown>>;
    } catch {
      throw damaged;
    }
    if (!isProjectKeys(stored?.a) || !isProjectKeys(stored?.b)) throw damaged;
    return { a: stored.a, b: stored.b };
  }
  const keys = { a: await makeProjectKeys('project-a'), b: await makeProjectKeys('project-b') };
  if (persist) {
    await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
    await rm(path.join(dataDir, OUTDATED_KEY_FILE), { force: true });
  }
  return keys;
}
