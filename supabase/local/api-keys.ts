import type { IncomingHttpHeaders } from 'node:http';
import type { TokenSigner } from './auth/signing';
import type { ProjectKeys } from './keys';

export type ApiRole = 'anon' | 'service_role';

export type ApiKeyVerdict = { authorization: string } | { status: 401; message: string };

/** Hosted Supabase tells browsers from servers by the User-Agent; every browser's starts like this. */
const BROWSER_USER_AGENT = /^Mozilla\//;
const ROLE_TOKEN_LIFETIME_SECONDS = 3600;
const ROLE_TOKEN_RENEW_BEFORE_SECONDS = 60;

/**
 * The gateway's API key check, as the hosted gateway does it (Supabase docs, "API keys", 2026-12):
 * - a legacy anon or service_role JWT in `apikey` is also the bearer token when the caller sends none;
 * - a publishable or secret key (`sb_…`) is not a JWT, so the gateway puts a short-lived JWT of the
 *   key's role (anon or service_role) in `Authorization`, unless the caller sent a user's token there;
 *   an `sb_` key in `Authorization` is accepted only when it equals `apikey`;
 * - a secret key sent by a browser is refused with 401.
 */
export function createApiKeyGate(keys: ProjectKeys, signer: TokenSigner) {
  const legacyKeys = new Map<string, ApiRole>([
    [keys.anonKey, 'anon'],
    [keys.serviceRoleKey, 'service_role'],
  ]);
  const opaqueKeys = new Map<string, ApiRole>([
    [keys.publishableKey, 'anon'],
    [keys.secretKey, 'service_role'],
  ]);
  const roleTokens = new Map<ApiRole, { token: Promise<string>; expiresAt: number }>();

  function roleToken(role: ApiRole): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const cached = roleTokens.get(role);
    if (cached && cached.expiresAt - now > ROLE_TOKEN_RENEW_BEFORE_SECONDS) return cached.token;
    const expiresAt = now + ROLE_TOKEN_LIFETIME_SECONDS;
    const token = signer.sign({ iss: 'supabase', role, iat: now, exp: expiresAt });
    roleTokens.set(role, { token, expiresAt });
    return token;
  }

  return {
    async check(headers: IncomingHttpHeaders): Promise<ApiKeyVerdict> {
      const apiKey = headers.apikey;
      if (typeof apiKey !== 'string' || apiKey === '') return { status: 401, message: 'No API key found in request' };
      const authorization = headers.authorization;

      if (legacyKeys.has(apiKey)) return { authorization: authorization ?? `Bearer ${apiKey}` };

      const role = opaqueKeys.get(apiKey);
      if (!role) return { status: 401, message: 'Invalid API key' };
      if (role === 'service_role' && BROWSER_USER_AGENT.test(headers['user-agent'] ?? '')) {
        return { status: 401, message: 'Forbidden use of secret API key in browser' };
      }
      if (authorization === undefined || authorization === `Bearer ${apiKey}`) {
        return { authorization: `Bearer ${await roleToken(role)}` };
      }
      if (/^bearer sb_/i.test(authorization)) {
        return { status: 401, message: 'Invalid API key: an sb_ key in the Authorization header must equal the apikey header' };
      }
      return { authorization };
    },
  };
}
