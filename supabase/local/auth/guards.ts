import type { IncomingMessage } from 'node:http';
import type { JWTPayload } from 'jose';
import type { AuthConfig } from './context';
import { badRequest, forbidden } from './http';
import { findSession } from './sessions';
import { verifyBearer, type SessionRef } from './tokens';
import { findUserById, isBanned, type UserRow } from './users';
import { NIL_UUID, isUuid } from './validation';

// GoTrue's default GOTRUE_JWT_ADMIN_ROLES.
const ADMIN_ROLES = new Set(['service_role', 'supabase_admin']);

export interface Authenticated {
  claims: JWTPayload;
  user: UserRow;
  session: SessionRef | null;
}

function sessionIdClaim(claims: JWTPayload): string | null {
  const value = claims.session_id;
  if (typeof value !== 'string' || value === '' || value === NIL_UUID) return null;
  if (!isUuid(value)) throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
  return value;
}

/**
 * A valid signature is not enough: the user must still exist, the session the
 * token was minted for must not have been logged out, and bans apply at once.
 */
export async function requireUser(config: AuthConfig, req: IncomingMessage): Promise<Authenticated> {
  const claims = await verifyBearer(config, req);
  if (!claims.sub) throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
  if (!isUuid(claims.sub)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
  const user = await findUserById(config.pool, claims.sub);
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');

  let session: SessionRef | null = null;
  const sessionId = sessionIdClaim(claims);
  if (sessionId) {
    session = await findSession(config.pool, sessionId);
    if (!session) throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
  }
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
  return { claims, user, session };
}

/** Any token signed with the project secret whose role is an admin role; `sub` and `exp` are optional. */
export async function requireAdmin(config: AuthConfig, req: IncomingMessage): Promise<JWTPayload> {
  const claims = await verifyBearer(config, req);
  // A user-derived admin token stops working when its session is logged out, like any user token.
  const sessionId = sessionIdClaim(claims);
  if (sessionId && !(await findSession(config.pool, sessionId))) {
    throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
  }
  if (typeof claims.role !== 'string' || !ADMIN_ROLES.has(claims.role)) {
    throw forbidden('not_admin', 'User not allowed');
  }
  return claims;
}
