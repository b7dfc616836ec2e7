import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AUDIENCE, DEFAULT_ROLE, type AuthConfig } from './context';
import { isUniqueViolation, withTransaction, type Queryable } from './db';
import { issueSession, type SessionResponse } from './grants';
import { ApiError, badRequest, forbidden, notFound, parseParams, readBody, sendJson, unprocessable } from './http';
import {
  SENDER,
  checkSendInterval,
  confirmationUrl,
  generateOtp,
  isExpired,
  isRedirectUrlValid,
  referrerOf,
  renderTemplate,
  tokenHash,
  type EmailKind,
  type ResolvedMailSettings,
} from './mailer';
import { clientInfo } from './sessions';
import {
  asDatabaseError,
  defaultAppMetadata,
  findUserByEmail,
  findUserById,
  hashPassword,
  insertUser,
  isBanned,
  mergeMetadata,
  randomPassword,
  upsertIdentity,
  userJsonById,
  type JsonObject,
  type UserRow,
} from './users';
import { checkPasswordStrength, validateEmail } from './validation';

/**
 * The e-mail endpoints as GoTrue (supabase/auth bc32168) has them: /recover, /verify (the
 * POST exchange and the GET link), /invite and /admin/generate_link. A link carries the hex
 * SHA-224 of address and code (`pkce_`-prefixed when the request came with a PKCE challenge),
 * kept in auth.users' token column until it is used once or a newer one replaces it.
 */
export interface MailConfig extends AuthConfig {
  mail: ResolvedMailSettings;
}

const EmailRequest = z.object({
  email: z.string().nullish(),
  code_challenge: z.string().nullish(),
  code_challenge_method: z.string().nullish(),
  redirect_to: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});

/** Which auth.users columns hold a kind's token and when it was sent. */
const TOKEN_COLUMNS = {
  recovery: { token: 'recovery_token', sentAt: 'recovery_sent_at' },
  magiclink: { token: 'recovery_token', sentAt: 'recovery_sent_at' },
  invite: { token: 'confirmation_token', sentAt: 'confirmation_sent_at' },
  signup: { token: 'confirmation_token', sentAt: 'confirmation_sent_at' },
} as const satisfies Record<EmailKind, { token: string; sentAt: string }>;

const CODE_CHALLENGE = /^[a-zA-Z._~0-9-]+$/;

/** GoTrue's validatePKCEParams: both or neither, and an RFC 7636 challenge. */
function pkceRequested(challenge: string, method: string): boolean {
  if ((challenge === '') !== (method === '')) {
    throw badRequest('validation_failed', 'PKCE flow requires code_challenge_method and code_challenge');
  }
  if (challenge === '') return false;
  if (challenge.length < 43 || challenge.length > 128) {
    throw badRequest('validation_failed', 'code challenge has to be between 43 and 128 characters');
  }
  if (!CODE_CHALLENGE.test(challenge)) {
    throw badRequest('validation_failed', 'code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes');
  }
  if (!['s256', 'plain'].includes(method.toLowerCase())) {
    throw badRequest('validation_failed', `code challenge method ${method} not supported`);
  }
  return true;
}

interface IssuedToken {
  otp: string;
  hashedToken: string;
}

/** Stores a fresh token for `kind` on the user (replacing any earlier one) and returns it. */
async function storeToken(db: Queryable, user: UserRow, kind: EmailKind, pkce: boolean): Promise<IssuedToken> {
  const otp = generateOtp();
  const hashedToken = `${pkce ? 'pkce_' : ''}${tokenHash(user.email ?? '', otp)}`;
  const { token, sentAt } = TOKEN_COLUMNS[kind];
  const invited = kind === 'invite' ? ', invited_at = now()' : '';
  await db.query(`update auth.users set ${token} = $2, ${sentAt} = now(), updated_at = now()${invited} where id = $1`, [user.id, hashedToken]);
  return { otp, hashedToken };
}

async function sendEmail(config: MailConfig, user: UserRow, kind: EmailKind, token: IssuedToken, redirectTo: string): Promise<void> {
  const template = config.mail.templates[kind];
  const data = {
    SiteURL: config.mail.siteUrl,
    ConfirmationURL: confirmationUrl(config.issuer, token.hashedToken, kind, redirectTo),
    Email: user.email ?? '',
    Token: token.otp,
    TokenHash: token.hashedToken,
    RedirectTo: redirectTo,
    Data: user.raw_user_meta_data ?? {},
  };
  await config.mail.outbox.send({
    project: config.mail.project,
    kind,
    sender: SENDER,
    recipient: user.email ?? '',
    subject: renderTemplate(template.subject, data),
    html: renderTemplate(template.html, data),
  });
  console.log(JSON.stringify({ event: 'auth.email_sent', project: config.mail.project, kind, userId: user.id }));
}

/** Row lock, so two requests at once cannot both pass the send interval. */
async function lockUser(db: Queryable, id: string): Promise<UserRow> {
  await db.query('select 1 from auth.users where id = $1 for update', [id]);
  const user = await findUserById(db, id);
  if (!user) throw notFound('user_not_found', 'User not found');
  return user;
}

/** POST /recover: `{}` whether or not the address has an account, so the answer tells nobody which exist. */
export async function handleRecover(config: MailConfig, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const params = parseParams(EmailRequest, await readBody(req));
  if (!params.email) throw badRequest('validation_failed', 'Password recovery requires an email');
  const email = validateEmail(params.email);
  const pkce = pkceRequested(params.code_challenge ?? '', params.code_challenge_method ?? '');
  const redirectTo = referrerOf(req, config.mail.siteUrl, query.get('redirect_to') ?? params.redirect_to ?? undefined);

  const found = await asDatabaseError('Unable to process request', findUserByEmail(config.pool, email));
  if (!found) {
    sendJson(res, 200, {});
    return;
  }
  await withTransaction(config.pool, async (tx) => {
    const user = await lockUser(tx, found.id);
    checkSendInterval(user.recovery_sent_at, config.mail.maxFrequencySeconds);
    const token = await storeToken(tx, user, 'recovery', pkce);
    await sendEmail(config, user, 'recovery', token, redirectTo);
  });
  sendJson(res, 200, {});
}

const InviteParams = z.object({ email: z.string().nullish(), data: z.record(z.string(), z.unknown()).nullish() });

/** An unconfirmed user without a password, as GoTrue's invite and generate_link make them. */
async function createInvitedUser(db: Queryable, email: string, data: JsonObject): Promise<UserRow> {
  const user = await insertUser(db, {
    email,
    phone: null,
    passwordHash: '',
    aud: AUDIENCE,
    role: DEFAULT_ROLE,
    emailConfirmed: false,
    phoneConfirmed: false,
    appMetadata: defaultAppMetadata(),
    userMetadata: data,
    bannedUntil: null,
  });
  await upsertIdentity(db, user.id, 'email', { email, email_verified: false, phone_verified: false });
  return user;
}

const emailExists = () => unprocessable('email_exists', 'A user with this email address has already been registered');

/** POST /invite (admin): creates the user unless an unconfirmed one exists, and sends the invitation. */
export async function handleInvite(config: MailConfig, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const params = parseParams(InviteParams, await readBody(req));
  const email = validateEmail(params.email ?? '');
  const redirectTo = referrerOf(req, config.mail.siteUrl, query.get('redirect_to') ?? undefined);
  const existing = await asDatabaseError('Database error finding user', findUserByEmail(config.pool, email));
  if (existing?.email_confirmed_at) throw emailExists();

  let userId: string;
  try {
    userId = await withTransaction(config.pool, async (tx) => {
      const user = existing ? await lockUser(tx, existing.id) : await createInvitedUser(tx, email, params.data ?? {});
      const token = await storeToken(tx, user, 'invite', false);
      await sendEmail(config, user, 'invite', token, redirectTo);
      return user.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailExists();
    throw error;
  }
  sendJson(res, 200, await userJsonById(config.pool, userId));
}

const GenerateLinkParams = z.object({
  type: z.string().nullish(),
  email: z.string().nullish(),
  new_email: z.string().nullish(),
  password: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
  redirect_to: z.string().nullish(),
});

/**
 * POST /admin/generate_link: the link and code of an e-mail, handed to the caller instead of
 * sent. Recovery and magic links need an existing user; a magic link for a new address is a
 * sign-up link, as in GoTrue. The e-mail change links are not modelled here.
 */
export async function handleGenerateLink(config: MailConfig, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const params = parseParams(GenerateLinkParams, await readBody(req));
  const email = validateEmail(params.email ?? '');
  let type = params.type ?? '';
  if (!['signup', 'invite', 'magiclink', 'recovery'].includes(type)) {
    if (type === 'email_change_current' || type === 'email_change_new') {
      throw badRequest('validation_failed', 'E-mail change links are not supported by the local auth server');
    }
    throw badRequest('validation_failed', `Invalid email action link type requested: ${type}`);
  }
  const requested = params.redirect_to ?? '';
  const redirectTo = isRedirectUrlValid(config.mail.siteUrl, requested)
    ? requested
    : referrerOf(req, config.mail.siteUrl, query.get('redirect_to') ?? undefined);

  const existing = await asDatabaseError('Database error finding user', findUserByEmail(config.pool, email));
  let password = params.password ?? undefined;
  if (!existing) {
    if (type === 'recovery') throw notFound('user_not_found', 'User with this email not found');
    if (type === 'magiclink') {
      type = 'signup';
      password = randomPassword();
    }
  }
  const kind = type as EmailKind;
  if (existing?.email_confirmed_at && (kind === 'invite' || kind === 'signup')) throw emailExists();
  if (!existing && kind === 'signup') checkPasswordStrength(password ?? '');
  const passwordHash = !existing && kind === 'signup' ? await hashPassword(password ?? '') : '';

  let result: { userId: string; token: IssuedToken };
  try {
    result = await withTransaction(config.pool, async (tx) => {
      let user: UserRow;
      if (existing) {
        user = await lockUser(tx, existing.id);
        if (kind === 'signup' && params.data) await mergeMetadata(tx, user.id, 'user', params.data);
      } else {
        user = await createInvitedUser(tx, email, params.data ?? {});
        if (passwordHash) await tx.query('update auth.users set encrypted_password = $2 where id = $1', [user.id, passwordHash]);
      }
      return { userId: user.id, token: await storeToken(tx, user, kind, false) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailExists();
    throw error;
  }
  const user = await userJsonById(config.pool, result.userId);
  sendJson(res, 200, {
    ...user,
    action_link: confirmationUrl(config.issuer, result.token.hashedToken, kind, redirectTo),
    email_otp: result.token.otp,
    hashed_token: result.token.hashedToken,
    verification_type: kind,
    redirect_to: redirectTo,
  });
}

// ---- verify ---------------------------------------------------------------

const VERIFY_TYPES = ['signup', 'invite', 'recovery', 'magiclink', 'email'] as const;
type VerifyType = (typeof VERIFY_TYPES)[number];

const VerifyBody = z.object({
  type: z.string().nullish(),
  token: z.string().nullish(),
  token_hash: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  redirect_to: z.string().nullish(),
});

const linkExpired = () => forbidden('otp_expired', 'Email link is invalid or has expired');
const codeExpired = () => forbidden('otp_expired', 'Token has expired or is invalid');

interface TokenOwner {
  user: UserRow;
  /** The kind the token turned out to be ('email' codes may be either). */
  kind: EmailKind;
}

function verifyType(raw: string): VerifyType {
  if (raw === '') throw badRequest('validation_failed', 'Verify requires a verification type');
  if (raw === 'sms' || raw === 'phone_change') throw badRequest('validation_failed', 'Phone verification is not supported by the local auth server');
  if (raw === 'email_change') throw badRequest('validation_failed', 'E-mail change verification is not supported by the local auth server');
  if (!(VERIFY_TYPES as readonly string[]).includes(raw)) throw badRequest('validation_failed', 'Unsupported verification type');
  return raw as VerifyType;
}

interface TokenRow {
  id: string;
  confirmation_token: string;
  recovery_token: string;
}

/** Finds the user whose live token this is (locked), and checks ban and expiry as GoTrue's verifyTokenHash. */
async function ownerOfTokenHash(config: MailConfig, db: Queryable, type: VerifyType, hash: string): Promise<TokenOwner> {
  const columns = type === 'email' ? ['confirmation_token', 'recovery_token'] : [TOKEN_COLUMNS[type].token];
  const { rows } = await db.query<TokenRow>(
    `select id, confirmation_token, recovery_token from auth.users
     where instance_id = '00000000-0000-0000-0000-000000000000' and $1 <> '' and (${columns.map((c) => `${c} = $1`).join(' or ')})
     limit 1 for update`,
    [hash],
  );
  const row = rows[0];
  if (!row) throw linkExpired();
  const user = await findUserById(db, row.id);
  if (!user) throw linkExpired();
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
  const kind: EmailKind = type === 'email' ? (row.recovery_token === hash ? 'magiclink' : 'signup') : type;
  if (isExpired(user[TOKEN_COLUMNS[kind].sentAt], config.mail.otpExpirySeconds)) throw linkExpired();
  return { user, kind };
}

/** The six-digit code typed from the e-mail, with the address it went to (verifyOtp({ email, token, type })). */
async function ownerOfCode(config: MailConfig, db: Queryable, type: VerifyType, email: string, code: string): Promise<TokenOwner> {
  const found = await findUserByEmail(db, email);
  if (!found) throw codeExpired();
  const { rows } = await db.query<TokenRow>('select id, confirmation_token, recovery_token from auth.users where id = $1 for update', [found.id]);
  const user = await findUserById(db, found.id);
  const row = rows[0];
  if (!row || !user) throw codeExpired();
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
  const hash = tokenHash(email, code);
  const matches = (stored: string) => stored !== '' && (stored === hash || stored === `pkce_${hash}`);
  const candidates: EmailKind[] = type === 'email' ? ['signup', 'magiclink'] : [type];
  for (const kind of candidates) {
    const stored = kind === 'signup' || kind === 'invite' ? row.confirmation_token : row.recovery_token;
    if (matches(stored) && !isExpired(user[TOKEN_COLUMNS[kind].sentAt], config.mail.otpExpirySeconds)) return { user, kind };
  }
  throw codeExpired();
}

/** Spends the token (once only) and applies what it stands for: a confirmed address, an accepted invitation. */
async function consume(db: Queryable, { user, kind }: TokenOwner): Promise<void> {
  if (kind === 'signup' || kind === 'invite') {
    // An invited user has no password yet: GoTrue gives them a random one, and the app asks for theirs.
    if (!user.encrypted_password && user.invited_at) {
      await db.query('update auth.users set encrypted_password = $2 where id = $1', [user.id, await hashPassword(randomPassword())]);
    }
    await confirm(db, user);
    return;
  }
  await db.query("update auth.users set recovery_token = '', updated_at = now() where id = $1", [user.id]);
  if (!user.email_confirmed_at) await confirm(db, user);
}

async function confirm(db: Queryable, user: UserRow): Promise<void> {
  await db.query(`update auth.users set confirmation_token = '', email_confirmed_at = now(), updated_at = now() where id = $1`, [user.id]);
  await mergeMetadata(db, user.id, 'user', { email_verified: true });
  await db.query(
    `update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb, updated_at = now()
     where user_id = $1 and provider = 'email' and email = lower($2)`,
    [user.id, user.email ?? ''],
  );
}

/** POST /verify: a token hash (the SSR docs' `verifyOtp({ token_hash, type })`) or a code with its address; answers a session. */
export async function handleVerifyPost(config: MailConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = parseParams(VerifyBody, await readBody(req));
  const type = verifyType(params.type ?? '');
  const token = params.token ?? '';
  const hash = params.token_hash ?? '';
  if ((token === '') === (hash === '')) throw badRequest('validation_failed', 'Verify requires either a token or a token hash');
  if (hash !== '' && (params.email || params.phone || params.redirect_to)) {
    throw badRequest('validation_failed', 'Only the token_hash and type should be provided');
  }
  let email = '';
  if (token !== '') {
    if (params.phone || !params.email) throw badRequest('validation_failed', 'Only an email address or phone number should be provided on verify');
    try {
      email = validateEmail(params.email);
    } catch {
      throw unprocessable('validation_failed', 'Invalid email format');
    }
  }

  const session: SessionResponse = await withTransaction(config.pool, async (tx) => {
    const owner = token !== '' ? await ownerOfCode(config, tx, type, email, token) : await ownerOfTokenHash(config, tx, type, hash);
    await consume(tx, owner);
    return issueSession(config, tx, owner.user.id, clientInfo(req), 'otp');
  });
  sendJson(res, 200, session);
}

// Go's url.Values.Encode: keys sorted, values query-escaped.
function encodeValues(values: Record<string, string>): string {
  const escape = (v: string) =>
    encodeURIComponent(v)
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  return Object.keys(values)
    .sort()
    .map((key) => `${escape(key)}=${escape(values[key] ?? '')}`)
    .join('&');
}

const OAUTH_ERRORS: Record<number, string> = { 400: 'invalid_request', 401: 'unauthorized_client', 403: 'access_denied', 500: 'server_error' };

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location });
  res.end();
}

/**
 * GET /verify, the link in GoTrue's default templates. Success: 303 to the redirect URL with
 * the session in the fragment (`#access_token=…&type=recovery`, the implicit flow). Failure:
 * 303 with `#error=…&error_code=otp_expired&error_description=…`. A `pkce_` link needs the
 * PKCE code exchange, which this server does not have, so it fails as GoTrue does without a flow state.
 */
export async function handleVerifyGet(config: MailConfig, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const type = verifyType(query.get('type') ?? '');
  const token = query.get('token') ?? '';
  if (token === '') throw badRequest('validation_failed', 'Verify requires a token or a token hash');
  const redirectTo = referrerOf(req, config.mail.siteUrl, query.get('redirect_to') ?? undefined);

  try {
    const session = await withTransaction(config.pool, async (tx) => {
      const owner = await ownerOfTokenHash(config, tx, type, token);
      if (token.startsWith('pkce_')) {
        throw badRequest('flow_state_not_found', 'No associated flow state found. The local auth server has no PKCE code exchange.');
      }
      await consume(tx, owner);
      return issueSession(config, tx, owner.user.id, clientInfo(req), 'otp');
    });
    const fragment = encodeValues({
      access_token: session.access_token,
      expires_at: String(session.expires_at),
      expires_in: String(session.expires_in),
      refresh_token: session.refresh_token,
      sb: '',
      token_type: session.token_type,
      type,
    });
    redirect(res, `${redirectTo}#${fragment}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const values: Record<string, string> = { error_code: error.code, error_description: error.message, sb: '' };
    const oauth = OAUTH_ERRORS[error.status];
    if (oauth) values.error = oauth;
    const target = new URL(redirectTo);
    target.hash = encodeValues(values);
    redirect(res, target.toString());
  }
}
