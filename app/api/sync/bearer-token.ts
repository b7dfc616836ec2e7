import { createHash, timingSafeEqual } from 'node:crypto';

/** The token after `Authorization: Bearer `, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * Compares in constant time. Both sides are hashed first, so neither the
 * length of the expected token nor where the first difference sits shows in
 * the timing.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export type SyncApiAuthorization = 'authorized' | 'unauthorized' | 'disabled';

/**
 * `accepted` are the tokens configured for this route (unset ones are skipped).
 * Every configured token is compared, so the time taken does not say which one nearly matched.
 */
export function authorizeSyncRequest(request: Request, accepted: (string | undefined)[]): SyncApiAuthorization {
  const tokens = accepted.filter((token): token is string => typeof token === 'string' && token.length > 0);
  if (tokens.length === 0) return 'disabled';
  const presented = bearerToken(request);
  if (!presented) return 'unauthorized';
  let matched = false;
  for (const token of tokens) matched = tokensMatch(presented, token) || matched;
  return matched ? 'authorized' : 'unauthorized';
}
