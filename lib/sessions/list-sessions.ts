import type { Database } from '@/lib/database/project-a.types';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { isUuid } from '@/lib/ids';
import type { SessionScope } from './sessions.schema';

type SessionStatus = Database['public']['Enums']['session_status'];
type SessionType = Database['public']['Enums']['session_type'];
type ClientOrigin = Database['public']['Enums']['client_origin'];

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface SessionListItem {
  id: string;
  startsAt: string;
  durationMinutes: number;
  sessionType: SessionType;
  status: SessionStatus;
  notes: string | null;
  client: { id: string; fullName: string; origin: ClientOrigin } | null;
}

export interface SessionPage {
  sessions: SessionListItem[];
  /** Opaque; pass back as `cursor` for the next page. null on the last page. */
  nextCursor: string | null;
}

export interface ListSessionsOptions {
  therapistId: string;
  scope: SessionScope;
  clientId?: string;
  status?: SessionStatus;
  cursor?: string | null;
  limit?: number;
  /** Where "upcoming" begins; a parameter so tests can pin it. */
  now?: Date;
}

/**
 * The client is embedded through sessions_client_id_fkey by name: sessions also
 * reach clients through the care-team key, and PostgREST refuses an ambiguous embed.
 */
export const SESSION_LIST_COLUMNS =
  'id, starts_at, duration_minutes, session_type, status, notes, client:clients!sessions_client_id_fkey(id, full_name, origin)' as const;

interface SessionRowWithClient {
  id: string;
  starts_at: string;
  duration_minutes: number;
  session_type: SessionType;
  status: SessionStatus;
  notes: string | null;
  client: { id: string; full_name: string; origin: ClientOrigin } | null;
}

export function toSessionListItem(row: SessionRowWithClient): SessionListItem {
  return {
    id: row.id,
    startsAt: row.starts_at,
    durationMinutes: row.duration_minutes,
    sessionType: row.session_type,
    status: row.status,
    notes: row.notes,
    client: row.client ? { id: row.client.id, fullName: row.client.full_name, origin: row.client.origin } : null,
  };
}

// Cursor ----------------------------------------------------------------------

/** The shape PostgREST returns for timestamptz; nothing else may reach a filter. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

export interface SessionCursor {
  scope: SessionScope;
  startsAt: string;
  id: string;
}

/**
 * The position is (starts_at, id) of the last row shown. starts_at is kept as
 * the exact text PostgREST sent: a JS Date would drop the microseconds and the
 * next page would repeat or skip rows that share a millisecond.
 */
export function encodeSessionCursor(cursor: SessionCursor): string {
  return Buffer.from(`${cursor.scope}|${cursor.startsAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** null for anything that is not a cursor this module made for the same scope: the caller shows the first page. */
export function decodeSessionCursor(raw: string | null | undefined, scope: SessionScope): SessionCursor | null {
  if (!raw || raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  const parts = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (parts.length !== 3) return null;
  const [cursorScope, startsAt, id] = parts as [string, string, string];
  if (cursorScope !== scope || !TIMESTAMP.test(startsAt) || Number.isNaN(Date.parse(startsAt)) || !isUuid(id)) return null;
  return { scope, startsAt, id };
}

// Query -----------------------------------------------------------------------

/** The tab of /sessions a session starting at `startsAt` is listed on, by the same rule as listSessions. */
export function sessionScopeOf(startsAt: string, now: Date = new Date()): SessionScope {
  return Date.parse(startsAt) >= now.getTime() ? 'upcoming' : 'past';
}

/**
 * One page of the therapist's sessions, by keyset on (starts_at, id): upcoming
 * ascending from `now`, past descending before it. therapist_id is filtered
 * explicitly (RLS would hide others' rows anyway) so Postgres can walk
 * sessions_therapist_starts_idx (therapist_id, starts_at, id) instead of sorting.
 */
export async function listSessions(client: ProjectAClient, options: ListSessionsOptions): Promise<SessionPage> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const ascending = options.scope === 'upcoming';
  const now = (options.now ?? new Date()).toISOString();
  const cursor = decodeSessionCursor(options.cursor, options.scope);

  let query = client.from('sessions').select(SESSION_LIST_COLUMNS).eq('therapist_id', options.therapistId);
  query = ascending ? query.gte('starts_at', now) : query.lt('starts_at', now);
  if (options.clientId) query = query.eq('client_id', options.clientId);
  if (options.status) query = query.eq('status', options.status);
  if (cursor) {
    // (starts_at, id) > (cursor) written out, plus a plain range bound the index can use.
    const op = ascending ? 'gt' : 'lt';
    query = ascending ? query.gte('starts_at', cursor.startsAt) : query.lte('starts_at', cursor.startsAt);
    // Quoted: a timestamp carries the ':' and '.' that PostgREST's or-syntax reserves.
    const at = `"${cursor.startsAt}"`;
    query = query.or(`starts_at.${op}.${at},and(starts_at.eq.${at},id.${op}.${cursor.id})`);
  }
  // One extra row tells whether another page exists without counting.
  const { data, error } = await query
    .order('starts_at', { ascending })
    .order('id', { ascending })
    .limit(limit + 1);
  if (error) throw new Error(`listSessions: ${error.message}`);

  const rows = data.slice(0, limit);
  const last = rows.at(-1);
  return {
    sessions: rows.map(toSessionListItem),
    nextCursor: data.length > limit && last ? encodeSessionCursor({ scope: options.scope, startsAt: last.starts_at, id: last.id }) : null,
  };
}

/** Every session of this therapist with one client, newest first (the client page). */
export async function listClientSessions(
  client: ProjectAClient,
  options: { therapistId: string; clientId: string; limit?: number },
): Promise<SessionListItem[]> {
  const { data, error } = await client
    .from('sessions')
    .select(SESSION_LIST_COLUMNS)
    .eq('therapist_id', options.therapistId)
    .eq('client_id', options.clientId)
    .order('starts_at', { ascending: false })
    .order('id', { ascending: false })
    .limit(Math.min(options.limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE));
  if (error) throw new Error(`listClientSessions: ${error.message}`);
  return data.map(toSessionListItem);
}

/** One of the therapist's own sessions (RLS hides the rest), or null. */
export async function getSession(client: ProjectAClient, sessionId: string): Promise<SessionListItem | null> {
  if (!isUuid(sessionId)) return null;
  const { data, error } = await client.from('sessions').select(SESSION_LIST_COLUMNS).eq('id', sessionId).maybeSingle();
  if (error) throw new Error(`getSession: ${error.message}`);
  return data ? toSessionListItem(data) : null;
}
