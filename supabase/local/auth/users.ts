import { randomBytes, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { AUDIENCE, DEFAULT_ROLE } from './context';
import type { Queryable } from './db';
import { ApiError } from './http';
import { NIL_UUID, metadataPatch } from './validation';

const BCRYPT_COST = 10;

export type JsonObject = Record<string, unknown>;

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  confirmation_sent_at: Date | null;
  confirmed_at: Date | null;
  recovery_sent_at: Date | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  reauthentication_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: JsonObject | null;
  raw_user_meta_data: JsonObject | null;
  created_at: Date | null;
  updated_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
}

interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: JsonObject;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
}

/**
 * The auth.users columns GoTrue's user model (internal/models/user.go) reads
 * into plain Go strings, ints, times and bools. A NULL in any of them makes the
 * row unreadable: GoTrue's scan fails and the endpoint answers 500. Hand-written
 * SQL seeds are what leaves them NULL (GoTrue itself always writes '').
 */
export const NON_NULL_USER_COLUMNS = [
  'aud',
  'role',
  'confirmation_token',
  'recovery_token',
  'email_change_token_current',
  'email_change_token_new',
  'email_change',
  'phone_change',
  'phone_change_token',
  'reauthentication_token',
  'email_change_confirm_status',
  'created_at',
  'updated_at',
  'is_sso_user',
  'is_anonymous',
] as const;

const NULL_COLUMNS_OF_ROW = `concat_ws(', ', ${NON_NULL_USER_COLUMNS.map((column) => `case when ${column} is null then '${column}' end`).join(
  ', ',
)}) as null_columns`;

const USER_COLUMNS = `
  id, aud, role, email, encrypted_password, email_confirmed_at, invited_at, phone, phone_confirmed_at,
  confirmation_sent_at, confirmed_at, recovery_sent_at, email_change, email_change_sent_at, phone_change,
  phone_change_sent_at, reauthentication_sent_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data,
  created_at, updated_at, banned_until, deleted_at, is_anonymous, ${NULL_COLUMNS_OF_ROW}`;

/**
 * GoTrue only ever looks at rows of its own instance (the nil UUID): a seed row
 * with a NULL instance_id is invisible to sign-in, the admin API and GET /user.
 */
const OWN_INSTANCE = `instance_id = '${NIL_UUID}'`;

/** A row GoTrue could not read; each endpoint turns it into GoTrue's own 500 for that endpoint. */
export class UnreadableUserError extends Error {
  override name = 'UnreadableUserError';
  constructor(
    readonly userId: string,
    readonly nullColumns: string,
  ) {
    super(`sql: Scan error on user ${userId}: converting NULL to a Go value is unsupported (${nullColumns})`);
  }
}

/**
 * GoTrue's answer when a read meets such a row: a 500 whose message names the
 * endpoint's query ("Database error querying schema" on sign-in). The reason
 * goes to the log, as GoTrue keeps its internal error out of the response.
 */
export async function asDatabaseError<T>(message: string, read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (!(error instanceof UnreadableUserError)) throw error;
    console.error('[auth]', message, error.message);
    throw new ApiError(500, 'unexpected_failure', message);
  }
}

type ScannedRow = UserRow & { null_columns: string };

function readable(row: ScannedRow): UserRow {
  if (row.null_columns !== '') throw new UnreadableUserError(row.id, row.null_columns);
  return row;
}

export function defaultAppMetadata(providers: string[] = ['email']): JsonObject {
  return { provider: providers[0] ?? 'email', providers };
}

// ---- passwords -------------------------------------------------------------

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Accepts bcryptjs hashes and pgcrypto's `crypt(pw, gen_salt('bf'))` ($2a$) from SQL seeds alike. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (!hash || !hash.startsWith('$2')) return false;
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}

export function isBcryptHash(hash: string): boolean {
  try {
    return hash.startsWith('$2') && bcrypt.getRounds(hash) > 0;
  } catch {
    return false;
  }
}

/** Stand-in secret for users created without one, as GoTrue's admin API does. */
export function randomPassword(): string {
  return randomBytes(48).toString('base64url');
}

export function hasPassword(user: UserRow): boolean {
  return Boolean(user.encrypted_password);
}

export function isBanned(user: UserRow, now = new Date()): boolean {
  return user.banned_until !== null && user.banned_until > now;
}

// ---- reads -----------------------------------------------------------------

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<ScannedRow>(`select ${USER_COLUMNS} from auth.users where ${OWN_INSTANCE} and id = $1`, [id]);
  return rows[0] ? readable(rows[0]) : null;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const { rows } = await db.query<ScannedRow>(
    `select ${USER_COLUMNS} from auth.users
     where ${OWN_INSTANCE} and lower(email) = lower($1) and aud = $2 and is_sso_user = false
     limit 1`,
    [email, AUDIENCE],
  );
  return rows[0] ? readable(rows[0]) : null;
}

/** GoTrue looks at identities too: an address may belong to a user through a linked identity. */
export async function emailTaken(db: Queryable, email: string, exceptUserId: string | null = null): Promise<boolean> {
  const { rowCount } = await db.query(
    `select 1 from auth.users where lower(email) = lower($1) and id is distinct from $2::uuid
     union all
     select 1 from auth.identities where email = lower($1) and user_id is distinct from $2::uuid
     limit 1`,
    [email, exceptUserId],
  );
  return (rowCount ?? 0) > 0;
}

export async function phoneTaken(db: Queryable, phone: string, exceptUserId: string | null = null): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from auth.users where phone = $1 and id is distinct from $2::uuid', [phone, exceptUserId]);
  return (rowCount ?? 0) > 0;
}

export interface UserPage {
  rows: UserRow[];
  total: number;
}

/**
 * GoTrue's admin list (FindUsersInAudience): its own instance and audience,
 * the filter on e-mail (case-sensitive LIKE) or full name (ILIKE), ordered by
 * created_at alone and cut with LIMIT/OFFSET. No tie-breaker, as in GoTrue:
 * people who share a created_at come back in whatever order each page's sort
 * leaves them, so offset pages can repeat some and skip others.
 */
export async function listUsers(db: Queryable, options: { page: number; perPage: number; ascending: boolean; filter: string }): Promise<UserPage> {
  const where = `${OWN_INSTANCE} and aud = $2
    and ($1 = '' or email like '%' || $1 || '%' or raw_user_meta_data->>'full_name' ilike '%' || $1 || '%')`;
  const { rows } = await db.query<ScannedRow>(
    `select ${USER_COLUMNS} from auth.users where ${where}
     order by created_at ${options.ascending ? 'asc' : 'desc'}
     limit $3 offset $4`,
    [options.filter, AUDIENCE, options.perPage, (options.page - 1) * options.perPage],
  );
  const count = await db.query<{ total: string }>(`select count(*) as total from auth.users where ${where}`, [options.filter, AUDIENCE]);
  return { rows: rows.map(readable), total: Number(count.rows[0]?.total ?? 0) };
}

async function identitiesByUser(db: Queryable, userIds: string[]): Promise<Map<string, IdentityRow[]>> {
  const byUser = new Map<string, IdentityRow[]>();
  if (userIds.length === 0) return byUser;
  const { rows } = await db.query<IdentityRow>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
     from auth.identities where user_id = any($1::uuid[]) order by created_at nulls first, id`,
    [userIds],
  );
  for (const row of rows) {
    const list = byUser.get(row.user_id) ?? [];
    list.push(row);
    byUser.set(row.user_id, list);
  }
  return byUser;
}

// ---- JSON shape ------------------------------------------------------------

const iso = (date: Date | null) => (date ? date.toISOString() : undefined);

function identityJson(row: IdentityRow): JsonObject {
  return withoutUndefined({
    // GoTrue swaps these two names for compatibility with old clients.
    identity_id: row.id,
    id: row.provider_id,
    user_id: row.user_id,
    identity_data: row.identity_data,
    provider: row.provider,
    last_sign_in_at: iso(row.last_sign_in_at),
    created_at: iso(row.created_at) ?? null,
    updated_at: iso(row.updated_at) ?? null,
    email: row.email || undefined,
  });
}

/** The user object in GoTrue's field order; optional timestamps are left out when unset, as Go's omitempty does. */
export function userJson(user: UserRow, identities: IdentityRow[]): JsonObject {
  return withoutUndefined({
    id: user.id,
    aud: user.aud || AUDIENCE,
    role: user.role || DEFAULT_ROLE,
    email: user.email ?? '',
    email_confirmed_at: iso(user.email_confirmed_at),
    invited_at: iso(user.invited_at),
    phone: user.phone ?? '',
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmation_sent_at: iso(user.confirmation_sent_at),
    confirmed_at: iso(user.confirmed_at),
    recovery_sent_at: iso(user.recovery_sent_at),
    new_email: user.email_change || undefined,
    email_change_sent_at: iso(user.email_change_sent_at),
    new_phone: user.phone_change || undefined,
    phone_change_sent_at: iso(user.phone_change_sent_at),
    reauthentication_sent_at: iso(user.reauthentication_sent_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: appMetadata(user),
    user_metadata: user.raw_user_meta_data ?? {},
    identities: identities.map(identityJson),
    created_at: iso(user.created_at) ?? null,
    updated_at: iso(user.updated_at) ?? null,
    banned_until: iso(user.banned_until),
    deleted_at: iso(user.deleted_at),
    is_anonymous: user.is_anonymous,
  });
}

/** Seeds written by hand often leave raw_app_meta_data empty; JWT consumers expect a provider. */
export function appMetadata(user: UserRow): JsonObject {
  const raw = user.raw_app_meta_data;
  return raw && Object.keys(raw).length > 0 ? raw : defaultAppMetadata();
}

function withoutUndefined(object: Record<string, unknown>): JsonObject {
  // A plain loop: the admin list builds thousands of these per page (a bulk sync lists every user).
  const out: JsonObject = {};
  for (const key in object) {
    const value = object[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export async function usersJson(db: Queryable, users: UserRow[]): Promise<JsonObject[]> {
  const identities = await identitiesByUser(
    db,
    users.map((user) => user.id),
  );
  return users.map((user) => userJson(user, identities.get(user.id) ?? []));
}

export async function userJsonById(db: Queryable, id: string): Promise<JsonObject | null> {
  const user = await findUserById(db, id);
  if (!user) return null;
  const [json] = await usersJson(db, [user]);
  return json ?? null;
}

// ---- writes ----------------------------------------------------------------

export interface NewUser {
  id?: string;
  email: string | null;
  phone: string | null;
  passwordHash: string;
  aud: string;
  role: string;
  emailConfirmed: boolean;
  phoneConfirmed: boolean;
  appMetadata: JsonObject;
  userMetadata: JsonObject;
  bannedUntil: Date | null;
}

export async function insertUser(db: Queryable, user: NewUser): Promise<UserRow> {
  // GoTrue writes '' rather than NULL into the string columns it scans (NON_NULL_USER_COLUMNS).
  const { rows } = await db.query<ScannedRow>(
    `insert into auth.users (
       instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, phone, phone_confirmed_at,
       raw_app_meta_data, raw_user_meta_data, banned_until, created_at, updated_at,
       confirmation_token, recovery_token, email_change_token_new, email_change, is_sso_user, is_anonymous
     ) values (
       $1, $2, $3, $4, $5, $6, case when $7 then now() end, $8, case when $9 then now() end,
       $10, $11, $12, now(), now(),
       '', '', '', '', false, false
     ) returning ${USER_COLUMNS}`,
    [
      NIL_UUID,
      user.id ?? randomUUID(),
      user.aud,
      user.role,
      user.email,
      user.passwordHash,
      user.emailConfirmed,
      user.phone,
      user.phoneConfirmed,
      user.appMetadata,
      user.userMetadata,
      user.bannedUntil,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into auth.users returned no row');
  return readable(row);
}

/** Creates the provider identity, or refreshes the data of the one the user already has. */
export async function upsertIdentity(db: Queryable, userId: string, provider: 'email' | 'phone', identityData: JsonObject): Promise<void> {
  await db.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4, now(), now(), now())
     on conflict (provider_id, provider)
     do update set identity_data = auth.identities.identity_data || excluded.identity_data, updated_at = now()`,
    [userId, userId, { sub: userId, ...identityData }, provider],
  );
}

/** Column updates an endpoint may ask for; keys map to fixed column names, values stay parameters. */
export interface UserChanges {
  email?: string;
  phone?: string;
  passwordHash?: string;
  role?: string;
  bannedUntil?: Date | null;
  emailConfirmedNow?: boolean;
  phoneConfirmedNow?: boolean;
  lastSignInNow?: boolean;
}

export async function updateUser(db: Queryable, id: string, changes: UserChanges): Promise<void> {
  const sets = ['updated_at = now()'];
  const values: unknown[] = [id];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (changes.email !== undefined) set('email', changes.email);
  if (changes.phone !== undefined) set('phone', changes.phone);
  if (changes.passwordHash !== undefined) set('encrypted_password', changes.passwordHash);
  if (changes.role !== undefined) set('role', changes.role);
  if (changes.bannedUntil !== undefined) set('banned_until', changes.bannedUntil);
  if (changes.emailConfirmedNow) sets.push('email_confirmed_at = coalesce(email_confirmed_at, now())');
  if (changes.phoneConfirmedNow) sets.push('phone_confirmed_at = coalesce(phone_confirmed_at, now())');
  if (changes.lastSignInNow) sets.push('last_sign_in_at = now()');
  await db.query(`update auth.users set ${sets.join(', ')} where id = $1`, values);
}

export async function mergeMetadata(db: Queryable, id: string, which: 'user' | 'app', updates: Record<string, unknown>): Promise<void> {
  const column = which === 'user' ? 'raw_user_meta_data' : 'raw_app_meta_data';
  const { set, remove } = metadataPatch(updates);
  await db.query(
    `update auth.users set ${column} = (coalesce(${column}, '{}'::jsonb) || $2::jsonb) - $3::text[], updated_at = now()
     where id = $1`,
    [id, set, remove],
  );
}

export async function deleteUser(db: Queryable, id: string): Promise<void> {
  // Refresh tokens only reference the user by text, so they go explicitly; sessions and identities cascade.
  await db.query('delete from auth.refresh_tokens where user_id = $1', [id]);
  await db.query('delete from auth.users where id = $1', [id]);
}

/** Keeps the row (and its id for foreign keys elsewhere) but nothing that could sign in or identify. */
export async function softDeleteUser(db: Queryable, id: string): Promise<void> {
  await db.query('delete from auth.sessions where user_id = $1', [id]);
  await db.query('delete from auth.refresh_tokens where user_id = $1', [id]);
  await db.query('delete from auth.identities where user_id = $1', [id]);
  await db.query(
    `update auth.users set deleted_at = coalesce(deleted_at, now()), email = null, phone = null,
       encrypted_password = '', raw_user_meta_data = '{}'::jsonb, updated_at = now()
     where id = $1`,
    [id],
  );
}
