import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AUDIENCE, DEFAULT_ROLE, type AuthConfig } from './context';
import { isUniqueViolation, withTransaction } from './db';
import { issueSession } from './grants';
import { requireUser } from './guards';
import { isRecoverySession } from './tokens';
import { badRequest, forbidden, parseParams, readBody, sendJson, sendNoContent, unprocessable } from './http';
import { clientInfo, endSession, endUserSessions } from './sessions';
import {
  defaultAppMetadata,
  emailTaken,
  hasPassword,
  hashPassword,
  insertUser,
  mergeMetadata,
  updateUser,
  upsertIdentity,
  userJsonById,
  verifyPassword,
  type JsonObject,
} from './users';
import { checkPasswordStrength, validateEmail, validatePhone } from './validation';

const Metadata = z.record(z.string(), z.unknown());

const SignupParams = z.object({
  email: z.string().optional(),
  phone: z.string().optional(),
  password: z.string().optional(),
  data: Metadata.nullish(),
});

const userAlreadyExists = () => unprocessable('user_already_exists', 'User already registered');

/**
 * POST /signup. Mailer autoconfirm is on, so the new user is confirmed and signed in at once.
 * With sign-ups off, GoTrue refuses before it reads the body; so does this.
 */
export async function handleSignup(config: AuthConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (config.disableSignup) throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
  const params = parseParams(SignupParams, await readBody(req));
  const password = params.password ?? '';
  const phone = params.phone ?? '';
  if (password === '') throw badRequest('validation_failed', 'Signup requires a valid password');
  checkPasswordStrength(password);
  if (params.email && phone) {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on signup.');
  }
  if (!params.email) {
    if (phone) throw badRequest('phone_provider_disabled', 'Phone signups are disabled');
    throw badRequest('validation_failed', 'Sign up only available with email provider');
  }
  const email = validateEmail(params.email);
  const data: JsonObject = params.data ?? {};

  // Unlike GoTrue, an unconfirmed existing address is not taken over by a new sign-up either.
  if (await emailTaken(config.pool, email)) throw userAlreadyExists();
  // bcrypt is slow on purpose; keep it out of the transaction.
  const passwordHash = await hashPassword(password);

  try {
    const session = await withTransaction(config.pool, async (tx) => {
      const user = await insertUser(tx, {
        email,
        phone: null,
        passwordHash,
        aud: AUDIENCE,
        role: DEFAULT_ROLE,
        emailConfirmed: true,
        phoneConfirmed: false,
        appMetadata: defaultAppMetadata(),
        userMetadata: { ...data, email_verified: true },
        bannedUntil: null,
      });
      await upsertIdentity(tx, user.id, 'email', {
        ...data,
        sub: user.id,
        email,
        email_verified: true,
        phone_verified: false,
      });
      return issueSession(config, tx, user.id, clientInfo(req));
    });
    sendJson(res, 200, session);
  } catch (error) {
    // Two sign-ups for one address at once: the unique index decides.
    if (isUniqueViolation(error)) throw userAlreadyExists();
    throw error;
  }
}

/** GET /user */
export async function handleGetUser(config: AuthConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { claims, user } = await requireUser(config, req);
  const audience = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (audience !== (user.aud || AUDIENCE)) {
    throw badRequest('validation_failed', "Token audience doesn't match request audience");
  }
  sendJson(res, 200, await userJsonById(config.pool, user.id));
}

const UserUpdateParams = z.object({
  email: z.string().optional(),
  phone: z.string().optional(),
  password: z.string().nullish(),
  current_password: z.string().nullish(),
  data: Metadata.nullish(),
  app_metadata: Metadata.nullish(),
  nonce: z.string().optional(),
});

/**
 * PUT /user. There is no mailer here, so an e-mail change takes effect at once
 * instead of waiting for the confirmation links GoTrue would send.
 */
export async function handleUpdateUser(config: AuthConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { user, session } = await requireUser(config, req);
  const params = parseParams(UserUpdateParams, await readBody(req));

  const email = params.email ? validateEmail(params.email) : null;
  const phone = params.phone ? validatePhone(params.phone) : null;
  const password = params.password ?? null;
  if (password !== null) checkPasswordStrength(password);
  if (params.app_metadata) throw forbidden('not_admin', 'Updating app_metadata requires admin privileges');

  const emailChanges = email !== null && email !== user.email;
  if (emailChanges && (await emailTaken(config.pool, email, user.id))) {
    throw unprocessable('email_exists', 'A user with this email address has already been registered');
  }
  if (phone !== null && phone !== user.phone) {
    throw unprocessable('phone_provider_disabled', 'Phone changes need an SMS provider, which the local auth server does not have');
  }
  let passwordHash: string | undefined;
  if (password !== null) {
    // As GoTrue: only for a user who has a password and outside a session begun from an e-mail link, before the same-password check.
    if (config.updatePasswordRequireCurrentPassword && password !== '' && hasPassword(user) && !isRecoverySession(session)) {
      const current = params.current_password ?? '';
      if (current === '') throw badRequest('current_password_required', 'Current password required when setting new password.');
      if (!(await verifyPassword(current, user.encrypted_password))) {
        throw badRequest('current_password_invalid', 'Current password required when setting new password.');
      }
    }
    if (await verifyPassword(password, user.encrypted_password)) {
      throw unprocessable('same_password', 'New password should be different from the old password.');
    }
    passwordHash = await hashPassword(password);
  }

  try {
    await withTransaction(config.pool, async (tx) => {
      await updateUser(tx, user.id, {
        passwordHash,
        ...(emailChanges ? { email, emailConfirmedNow: true } : {}),
      });
      // A new password signs out every other device, as GoTrue does.
      if (passwordHash !== undefined) await endUserSessions(tx, user.id, session?.id ?? null);
      if (params.data) await mergeMetadata(tx, user.id, 'user', params.data);
      if (emailChanges) await upsertIdentity(tx, user.id, 'email', { email, email_verified: true });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw unprocessable('email_exists', 'A user with this email address has already been registered');
    }
    throw error;
  }
  sendJson(res, 200, await userJsonById(config.pool, user.id));
}

/** POST /logout?scope=global|local|others: 204 and no body, as supabase-js expects. */
export async function handleLogout(config: AuthConfig, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const { user, session } = await requireUser(config, req);
  const scope = query.get('scope') ?? '';
  if (!['', 'global', 'local', 'others'].includes(scope)) {
    throw badRequest('validation_failed', `Unsupported logout scope "${scope}"`);
  }
  // Tokens minted without a session can only be logged out everywhere.
  if (session && scope === 'local') await endSession(config.pool, session.id);
  else if (session && scope === 'others') await endUserSessions(config.pool, user.id, session.id);
  else await endUserSessions(config.pool, user.id);
  sendNoContent(res);
}
