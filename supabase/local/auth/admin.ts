import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AUDIENCE, DEFAULT_ROLE, type AuthConfig } from './context';
import { isUniqueViolation, withTransaction } from './db';
import { ApiError, badRequest, notFound, parseParams, readBody, sendJson, unprocessable } from './http';
import { endUserSessions } from './sessions';
import {
  asDatabaseError,
  defaultAppMetadata,
  deleteUser,
  emailTaken,
  findUserById,
  hashPassword,
  insertUser,
  isBcryptHash,
  listUsers,
  mergeMetadata,
  phoneTaken,
  randomPassword,
  softDeleteUser,
  updateUser,
  upsertIdentity,
  userJsonById,
  usersJson,
  type JsonObject,
  type UserRow,
} from './users';
import { NIL_UUID, checkPasswordStrength, isUuid, metadataPatch, parseGoDuration, passwordTooLong, validateEmail, validatePhone } from './validation';

const DEFAULT_PER_PAGE = 50;

const Metadata = z.record(z.string(), z.unknown());

const AdminUserParams = z.object({
  id: z.string().optional(),
  aud: z.string().optional(),
  role: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  password: z.string().nullish(),
  password_hash: z.string().optional(),
  email_confirm: z.boolean().optional(),
  phone_confirm: z.boolean().optional(),
  user_metadata: Metadata.nullish(),
  app_metadata: Metadata.nullish(),
  ban_duration: z.string().optional(),
});

const emailExists = () => unprocessable('email_exists', 'A user with this email address has already been registered');
const phoneExists = () => unprocessable('phone_exists', 'Phone number already registered by another user');

/** `undefined`: leave the ban alone; `null`: lift it ("none" or a zero duration). */
function banUntil(banDuration: string | undefined): Date | null | undefined {
  if (banDuration === undefined || banDuration === '') return undefined;
  const milliseconds = banDuration === 'none' ? 0 : parseGoDuration(banDuration);
  return milliseconds === 0 ? null : new Date(Date.now() + milliseconds);
}

// Go's url.QueryEscape, so the link header matches GoTrue byte for byte.
function goQueryEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Go's url.Values.Encode sorts keys, which is why `page` comes before `per_page` (supabase-js depends on it). */
function pageUrl(pathname: string, query: URLSearchParams, page: number): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of query) values.set(key, [...(values.get(key) ?? []), value]);
  values.set('page', [String(page)]);
  const encoded = [...values.keys()]
    .sort()
    .flatMap((key) => (values.get(key) ?? []).map((value) => `${goQueryEscape(key)}=${goQueryEscape(value)}`))
    .join('&');
  return `${pathname}?${encoded}`;
}

function parsePositiveInt(raw: string | null, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    throw badRequest('validation_failed', `Bad Pagination Parameters: strconv.ParseUint: parsing "${raw}": invalid syntax`);
  }
  const value = Number(raw);
  return value < 1 ? fallback : value;
}

/** GoTrue orders by each `sort` in turn; they can only name created_at, so the first one decides. */
function sortAscending(query: URLSearchParams): boolean {
  const directions = query.getAll('sort').map((sort) => {
    const [field, direction = 'desc'] = sort.split(' ', 2);
    if (field !== 'created_at') throw badRequest('validation_failed', `Bad Sort Parameters: bad field for sort '${field}'`);
    if (!['asc', 'desc'].includes(direction.toLowerCase())) {
      throw badRequest('validation_failed', `Bad Sort Parameters: bad direction for sort '${direction}', only 'asc' and 'desc' allowed`);
    }
    return direction.toLowerCase();
  });
  return directions[0] === 'asc';
}

/** GET /admin/users?page=&per_page= — newest first, counted in x-total-count, paged through `link`. */
async function handleListUsers(config: AuthConfig, res: ServerResponse, pathname: string, query: URLSearchParams): Promise<void> {
  const ascending = sortAscending(query);
  const page = parsePositiveInt(query.get('page'), 1);
  const perPage = parsePositiveInt(query.get('per_page'), DEFAULT_PER_PAGE);
  const { rows, total } = await asDatabaseError(
    'Database error finding users',
    listUsers(config.pool, { page, perPage, ascending, filter: query.get('filter') ?? '' }),
  );

  const totalPages = Math.ceil(total / perPage);
  const links: string[] = [];
  if (totalPages > page) links.push(`<${pageUrl(pathname, query, page + 1)}>; rel="next"`);
  links.push(`<${pageUrl(pathname, query, totalPages)}>; rel="last"`);

  sendJson(
    res,
    200,
    { users: await usersJson(config.pool, rows), aud: AUDIENCE },
    {
      link: links.join(', '),
      'x-total-count': String(total),
    },
  );
}

function applyPatch(base: JsonObject, updates: JsonObject | null | undefined): JsonObject {
  if (!updates) return base;
  const { set, remove } = metadataPatch(updates);
  const merged: JsonObject = { ...base, ...set };
  for (const key of remove) delete merged[key];
  return merged;
}

async function passwordHashFor(params: z.infer<typeof AdminUserParams>): Promise<string> {
  const password = params.password ?? '';
  if (params.password_hash) {
    if (!isBcryptHash(params.password_hash)) throw badRequest('validation_failed', 'Invalid password hash');
    return params.password_hash;
  }
  if (password === '') return hashPassword(randomPassword());
  // GoTrue applies no strength policy here, only bcrypt's own limit.
  if (passwordTooLong(password)) throw badRequest('validation_failed', 'bcrypt: password length exceeds 72 bytes');
  return hashPassword(password);
}

/** POST /admin/users: no sign-in, no confirmation unless `email_confirm`; a caller-chosen `id` is kept. */
async function handleCreateUser(config: AuthConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = parseParams(AdminUserParams, await readBody(req));
  if (!params.email && !params.phone) {
    throw badRequest('validation_failed', 'Cannot create a user without either an email or phone');
  }
  const email = params.email ? validateEmail(params.email) : null;
  if (email && (await emailTaken(config.pool, email))) throw emailExists();
  const phone = params.phone ? validatePhone(params.phone) : null;
  if (phone && (await phoneTaken(config.pool, phone))) throw phoneExists();
  if (params.password != null && params.password_hash) {
    throw badRequest('validation_failed', 'Only a password or a password hash should be provided');
  }
  if (params.id !== undefined && params.id !== '') {
    if (!isUuid(params.id)) throw badRequest('validation_failed', 'ID must conform to the uuid v4 format');
    if (params.id === NIL_UUID) throw badRequest('validation_failed', 'ID cannot be a nil uuid');
  }
  const bannedUntil = banUntil(params.ban_duration) ?? null;
  const passwordHash = await passwordHashFor(params);
  const providers = [...(email ? ['email'] : []), ...(phone ? ['phone'] : [])];

  let userId: string;
  try {
    userId = await withTransaction(config.pool, async (tx) => {
      const user = await insertUser(tx, {
        id: params.id || undefined,
        email,
        phone,
        passwordHash,
        aud: params.aud || AUDIENCE,
        role: params.role || DEFAULT_ROLE,
        emailConfirmed: params.email_confirm === true,
        phoneConfirmed: params.phone_confirm === true,
        appMetadata: applyPatch(defaultAppMetadata(providers), params.app_metadata),
        userMetadata: { ...(params.user_metadata ?? {}), ...(params.email_confirm ? { email_verified: true } : {}) },
        bannedUntil,
      });
      if (email) {
        await upsertIdentity(tx, user.id, 'email', { email, email_verified: params.email_confirm === true, phone_verified: false });
      }
      if (phone) {
        await upsertIdentity(tx, user.id, 'phone', { phone, email_verified: false, phone_verified: params.phone_confirm === true });
      }
      return user.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      // As GoTrue (internal/api/admin.go, 2026-08-20): its e-mail check runs before the insert, so a
      // taken id, or an e-mail a concurrent request inserted first, fails the insert itself: 500.
      throw new ApiError(500, 'unexpected_failure', 'Database error creating new user');
    }
    throw error;
  }
  sendJson(res, 200, await userJsonById(config.pool, userId));
}

async function loadUser(config: AuthConfig, id: string): Promise<UserRow> {
  if (!isUuid(id)) throw notFound('validation_failed', 'user_id must be an UUID');
  const user = await asDatabaseError('Database error loading user', findUserById(config.pool, id));
  if (!user) throw notFound('user_not_found', 'User not found');
  return user;
}

/** PUT /admin/users/:id: metadata merges key by key; a new password ends all of the user's sessions. */
async function handleUpdateUser(config: AuthConfig, req: IncomingMessage, res: ServerResponse, user: UserRow): Promise<void> {
  const params = parseParams(AdminUserParams, await readBody(req));
  const email = params.email ? validateEmail(params.email) : null;
  const phone = params.phone ? validatePhone(params.phone) : null;
  const bannedUntil = banUntil(params.ban_duration);
  const password = params.password ?? null;
  if (password !== null) checkPasswordStrength(password);
  if (email && email !== user.email && (await emailTaken(config.pool, email, user.id))) throw emailExists();
  if (phone && phone !== user.phone && (await phoneTaken(config.pool, phone, user.id))) throw phoneExists();
  const passwordHash = password !== null ? await hashPassword(password) : undefined;

  try {
    await withTransaction(config.pool, async (tx) => {
      await updateUser(tx, user.id, {
        role: params.role || undefined,
        emailConfirmedNow: params.email_confirm === true,
        phoneConfirmedNow: params.phone_confirm === true,
        passwordHash,
        email: email ?? undefined,
        phone: phone ?? undefined,
        bannedUntil,
      });
      if (params.email_confirm) await mergeMetadata(tx, user.id, 'user', { email_verified: true });
      if (passwordHash !== undefined) await endUserSessions(tx, user.id);
      if (email) await upsertIdentity(tx, user.id, 'email', { email, email_verified: params.email_confirm === true });
      if (phone) await upsertIdentity(tx, user.id, 'phone', { phone, phone_verified: params.phone_confirm === true });
      if (params.app_metadata) await mergeMetadata(tx, user.id, 'app', params.app_metadata);
      if (params.user_metadata) await mergeMetadata(tx, user.id, 'user', params.user_metadata);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw email ? emailExists() : phoneExists();
    throw error;
  }
  sendJson(res, 200, await userJsonById(config.pool, user.id));
}

const DeleteParams = z.object({ should_soft_delete: z.boolean().optional() });

/** DELETE /admin/users/:id answers `{}`; a soft delete keeps the row but nothing that can sign in. */
async function handleDeleteUser(config: AuthConfig, req: IncomingMessage, res: ServerResponse, user: UserRow): Promise<void> {
  const params = parseParams(DeleteParams, await readBody(req));
  await withTransaction(config.pool, (tx) => (params.should_soft_delete ? softDeleteUser(tx, user.id) : deleteUser(tx, user.id)));
  sendJson(res, 200, {});
}

/** Routes below /admin; the caller has already checked the admin token. Returns false when nothing matched. */
export async function routeAdmin(
  config: AuthConfig,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  query: URLSearchParams,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (pathname === '/admin/users') {
    if (method === 'GET') await handleListUsers(config, res, pathname, query);
    else if (method === 'POST') await handleCreateUser(config, req, res);
    else return false;
    return true;
  }
  const match = /^\/admin\/users\/([^/]+)$/.exec(pathname);
  if (!match?.[1] || !['GET', 'PUT', 'DELETE'].includes(method)) return false;
  const user = await loadUser(config, match[1]);
  if (method === 'GET') sendJson(res, 200, await userJsonById(config.pool, user.id));
  else if (method === 'PUT') await handleUpdateUser(config, req, res, user);
  else await handleDeleteUser(config, req, res, user);
  return true;
}
