import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AuthConfig } from './context';
import { withTransaction, type Queryable } from './db';
import { ApiError, badRequest, parseParams, readBody, sendJson, unprocessable } from './http';
import {
  activeRefreshToken,
  clientInfo,
  endSession,
  deleteRefreshToken,
  findRefreshToken,
  lockSession,
  markSessionRefreshed,
  rotateRefreshToken,
  startSession,
  type ClientInfo,
} from './sessions';
import { REFRESH_TOKEN_LENGTH, signAccessToken, type SessionRef, type SignInMethod } from './tokens';
import {
  asDatabaseError,
  findUserByEmail,
  findUserById,
  hasPassword,
  isBanned,
  updateUser,
  usersJson,
  verifyPassword,
  type JsonObject,
} from './users';
import { isUuid, passwordWeakness } from './validation';

export interface SessionResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: JsonObject;
  weak_password?: { message: string; reasons: string[] };
}

const INVALID_LOGIN = 'Invalid login credentials';

async function sessionResponse(
  config: AuthConfig,
  db: Queryable,
  userId: string,
  session: SessionRef,
  refreshToken: string,
): Promise<SessionResponse> {
  const user = await findUserById(db, userId);
  if (!user) throw new Error(`user ${userId} vanished while issuing a session`);
  const [userBody] = await usersJson(db, [user]);
  const { token, expiresAt } = await signAccessToken(config, user, session);
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: config.accessTokenTtlSeconds,
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: userBody ?? {},
  };
}

/** A fresh sign-in (password grant or auto-confirmed sign-up); call inside the caller's transaction. */
export async function issueSession(
  config: AuthConfig,
  db: Queryable,
  userId: string,
  client: ClientInfo,
  method: SignInMethod = 'password',
): Promise<SessionResponse> {
  const { session, refreshToken } = await startSession(db, userId, client, method);
  await updateUser(db, userId, { lastSignInNow: true });
  return sessionResponse(config, db, userId, session, refreshToken);
}

const PasswordGrantParams = z.object({
  email: z.string().optional(),
  phone: z.string().optional(),
  password: z.string().optional(),
});

async function passwordGrant(config: AuthConfig, req: IncomingMessage, body: Record<string, unknown>): Promise<SessionResponse> {
  const params = parseParams(PasswordGrantParams, body);
  const email = params.email ?? '';
  const phone = params.phone ?? '';
  const password = params.password ?? '';
  if (email !== '' && phone !== '') {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on login.');
  }
  if (email === '') {
    if (phone !== '') throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
    throw badRequest('validation_failed', 'missing email or phone');
  }

  const user = await asDatabaseError('Database error querying schema', findUserByEmail(config.pool, email));
  if (!user || !hasPassword(user)) throw badRequest('invalid_credentials', INVALID_LOGIN);
  if (isBanned(user)) throw badRequest('user_banned', 'User is banned');
  if (!(await verifyPassword(password, user.encrypted_password))) throw badRequest('invalid_credentials', INVALID_LOGIN);
  if (!user.email_confirmed_at) throw badRequest('email_not_confirmed', 'Email not confirmed');

  const response = await withTransaction(config.pool, (tx) => issueSession(config, tx, user.id, clientInfo(req)));
  // GoTrue still signs in users whose old password fails today's policy, and says so.
  const weakness = passwordWeakness(password);
  return weakness ? { ...response, weak_password: weakness } : response;
}

const RefreshGrantParams = z.object({ refresh_token: z.string().optional() });

type RefreshOutcome = { kind: 'ok'; response: SessionResponse } | { kind: 'not_found' } | { kind: 'reused' };

const refreshTokenNotFound = () => badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');

async function refreshTokenGrant(config: AuthConfig, req: IncomingMessage, body: Record<string, unknown>): Promise<SessionResponse> {
  const presented = parseParams(RefreshGrantParams, body).refresh_token ?? '';
  if (presented.length < REFRESH_TOKEN_LENGTH) throw badRequest('validation_failed', 'Refresh token is not valid');

  const found = await findRefreshToken(config.pool, presented);
  if (!found) throw refreshTokenNotFound();
  const user = found.user_id && isUuid(found.user_id) ? await findUserById(config.pool, found.user_id) : null;
  if (!user) throw refreshTokenNotFound();
  if (isBanned(user)) throw badRequest('user_banned', 'Invalid Refresh Token: User Banned');
  const sessionId = found.session_id;
  if (!sessionId) {
    await deleteRefreshToken(config.pool, found.id);
    throw badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found');
  }

  const client = clientInfo(req);
  const outcome = await withTransaction(config.pool, async (tx): Promise<RefreshOutcome> => {
    const session = await lockSession(tx, sessionId);
    // Re-read under the lock: a concurrent refresh or logout may have changed the token meanwhile.
    const token = session ? await findRefreshToken(tx, presented) : null;
    if (!session || !token) return { kind: 'not_found' };

    let issued: string;
    if (token.revoked) {
      // A client that lost the answer to its last refresh (or raced itself) retries with the
      // spent parent of the live token; anything else is a replayed token, so the session goes.
      const active = await activeRefreshToken(tx, session.id);
      const spentAt = token.updated_at?.getTime() ?? 0;
      const withinReuseWindow = Date.now() <= spentAt + config.refreshTokenReuseIntervalSeconds * 1000;
      if (!active || active.parent !== token.token || !withinReuseWindow) {
        await endSession(tx, session.id);
        return { kind: 'reused' };
      }
      issued = active.token;
    } else {
      issued = await rotateRefreshToken(tx, token, user.id, session.id);
    }
    await markSessionRefreshed(tx, session.id, client);
    return { kind: 'ok', response: await sessionResponse(config, tx, user.id, session, issued) };
  });

  // Reuse is reported only after the session's end is committed.
  if (outcome.kind === 'reused') throw badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used');
  if (outcome.kind === 'not_found') throw refreshTokenNotFound();
  return outcome.response;
}

/** POST /token: `grant_type` comes from the query string (supabase-js) or a form body (OAuth clients). */
export async function handleToken(config: AuthConfig, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const body = await readBody(req);
  const grantType = query.get('grant_type') ?? (typeof body.grant_type === 'string' ? body.grant_type : '');
  let response: SessionResponse;
  switch (grantType) {
    case 'password':
      response = await passwordGrant(config, req, body);
      break;
    case 'refresh_token':
      response = await refreshTokenGrant(config, req, body);
      break;
    default:
      // GoTrue's own choice of code and message for this case.
      throw new ApiError(400, 'invalid_credentials', 'unsupported_grant_type');
  }
  sendJson(res, 200, response);
}
