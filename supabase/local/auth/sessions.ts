import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Queryable } from './db';
import { headerValue } from './http';
import { newRefreshToken, type SessionRef, type SignInMethod } from './tokens';
import { NIL_UUID } from './validation';

export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

export function clientInfo(req: IncomingMessage): ClientInfo {
  const address = req.socket.remoteAddress ?? '';
  return { userAgent: headerValue(req, 'user-agent') ?? null, ip: isIP(address) ? address : null };
}

export interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string | null;
  revoked: boolean | null;
  updated_at: Date | null;
  parent: string | null;
  session_id: string | null;
}

const REFRESH_TOKEN_COLUMNS = 'id, token, user_id, revoked, updated_at, parent, session_id';

async function insertRefreshToken(db: Queryable, userId: string, sessionId: string, parent: string | null): Promise<string> {
  const token = newRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ($1, $2, $3, false, now(), now(), $4, $5)`,
    [NIL_UUID, token, userId, parent, sessionId],
  );
  return token;
}

/** A sign-in: one session row and its first refresh token. */
export async function startSession(
  db: Queryable,
  userId: string,
  client: ClientInfo,
  method: SignInMethod = 'password',
): Promise<{ session: SessionRef; refreshToken: string }> {
  const { rows } = await db.query<Omit<SessionRef, 'authentication_method'>>(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, refreshed_at, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', null, $3, $4::inet)
     returning id, created_at`,
    [randomUUID(), userId, client.userAgent, client.ip],
  );
  const inserted = rows[0];
  if (!inserted) throw new Error('insert into auth.sessions returned no row');
  await db.query('insert into auth.mfa_amr_claims (session_id, authentication_method) values ($1, $2)', [inserted.id, method]);
  const session: SessionRef = { ...inserted, authentication_method: method };
  const refreshToken = await insertRefreshToken(db, userId, session.id, null);
  return { session, refreshToken };
}

export async function findSession(db: Queryable, id: string): Promise<SessionRef | null> {
  const { rows } = await db.query<SessionRef>(
    `select s.id, s.created_at, coalesce((select c.authentication_method from auth.mfa_amr_claims c where c.session_id = s.id order by c.created_at limit 1), 'password') as authentication_method from auth.sessions s where s.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Row lock on the session: every refresh and logout of one session queues behind it. */
export async function lockSession(db: Queryable, id: string): Promise<SessionRef | null> {
  const { rows } = await db.query<SessionRef>(
    `select s.id, s.created_at, coalesce((select c.authentication_method from auth.mfa_amr_claims c where c.session_id = s.id order by c.created_at limit 1), 'password') as authentication_method from auth.sessions s where s.id = $1 for update of s`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findRefreshToken(db: Queryable, token: string): Promise<RefreshTokenRow | null> {
  const { rows } = await db.query<RefreshTokenRow>(`select ${REFRESH_TOKEN_COLUMNS} from auth.refresh_tokens where token = $1`, [token]);
  return rows[0] ?? null;
}

export async function activeRefreshToken(db: Queryable, sessionId: string): Promise<RefreshTokenRow | null> {
  const { rows } = await db.query<RefreshTokenRow>(
    `select ${REFRESH_TOKEN_COLUMNS} from auth.refresh_tokens
     where session_id = $1 and revoked is not true order by id desc limit 1`,
    [sessionId],
  );
  return rows[0] ?? null;
}

/** Spends `spent` and issues its child; `updated_at` on the spent row marks when the reuse window opened. */
export async function rotateRefreshToken(db: Queryable, spent: RefreshTokenRow, userId: string, sessionId: string): Promise<string> {
  await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [spent.id]);
  return insertRefreshToken(db, userId, sessionId, spent.token);
}

export async function deleteRefreshToken(db: Queryable, id: string): Promise<void> {
  await db.query('delete from auth.refresh_tokens where id = $1', [id]);
}

export async function markSessionRefreshed(db: Queryable, sessionId: string, client: ClientInfo): Promise<void> {
  await db.query(
    `update auth.sessions set refreshed_at = (now() at time zone 'utc'), updated_at = now(), user_agent = $2, ip = $3::inet
     where id = $1`,
    [sessionId, client.userAgent, client.ip],
  );
}

/** Refresh tokens cascade with their session. */
export async function endSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query('delete from auth.sessions where id = $1', [sessionId]);
}

export async function endUserSessions(db: Queryable, userId: string, keepSessionId: string | null = null): Promise<void> {
  await db.query('delete from auth.sessions where user_id = $1 and id is distinct from $2::uuid', [userId, keepSessionId]);
}
