import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

export interface ProjectKeys {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
}

const TEN_YEARS_IN_SECONDS = 10 * 365 * 24 * 3600;

/** Supabase's API keys are long-lived JWTs whose `role` claim picks the database role. */
async function signApiKey(role: 'anon' | 'service_role', secret: string): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({ role, iss: 'supabase' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TEN_YEARS_IN_SECONDS)
    .sign(new TextEncoder().encode(secret));
}

export async function makeProjectKeys(jwtSecret: string = randomBytes(32).toString('hex')): Promise<ProjectKeys> {
  return {
    jwtSecret,
    anonKey: await signApiKey('anon', jwtSecret),
    serviceRoleKey: await signApiKey('service_role', jwtSecret),
  };
}
