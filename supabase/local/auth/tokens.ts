import { randomInt } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { errors as joseErrors, type JWTPayload } from 'jose';
import { AUDIENCE, DEFAULT_ROLE, type AuthConfig } from './context';
import { ApiError, forbidden, headerValue } from './http';
import { UnknownKeyError } from './signing';
import { appMetadata, type UserRow } from './users';

/** GoTrue's names for how a session began: a password, or a link or code from an e-mail. */
export type SignInMethod = 'password' | 'otp';

export interface SessionRef {
  id: string;
  created_at: Date | null;
  authentication_method: string;
}

/** GoTrue's IsRecovery(): a session begun from an e-mail may set a password without the current one. */
export function isRecoverySession(session: SessionRef | null): boolean {
  return session !== null && ['otp', 'magiclink', 'recovery'].includes(session.authentication_method);
}

export interface SignedAccessToken {
  token: string;
  expiresAt: number;
}

/** Claims PostgREST and supabase-js read, in the order GoTrue writes them. */
export async function signAccessToken(config: AuthConfig, user: UserRow, session: SessionRef): Promise<SignedAccessToken> {
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + config.accessTokenTtlSeconds;
  const signedInAt = session.created_at ? Math.floor(session.created_at.getTime() / 1000) : issuedAt;
  const token = await config.tokens.sign({
    iss: config.issuer,
    sub: user.id,
    aud: user.aud || AUDIENCE,
    exp: expiresAt,
    iat: issuedAt,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: appMetadata(user),
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role || DEFAULT_ROLE,
    aal: 'aal1',
    amr: [{ method: session.authentication_method, timestamp: signedInAt }],
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  });
  return { token, expiresAt };
}

/** GoTrue only ever reads `Authorization: Bearer`; the apikey header belongs to the gateway. */
export function extractBearer(req: IncomingMessage): string {
  const match = /^bearer (\S+)$/i.exec(headerValue(req, 'authorization') ?? '');
  if (!match?.[1]) {
    throw new ApiError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  }
  return match[1];
}

// Go's jwt library wording, which is what GoTrue puts after "invalid JWT: ...".
function describeJwtFailure(error: unknown): string {
  if (error instanceof UnknownKeyError) return `token is unverifiable: error while executing keyfunc: ${error.message}`;
  if (error instanceof joseErrors.JWTExpired) return 'token has invalid claims: token is expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token has invalid claims: ${error.message}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid: signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'token is unverifiable: signing method is invalid';
  return 'token is malformed: could not parse the token';
}

/** Signature and, when present, `exp`/`nbf` are checked; nothing else is required, as in GoTrue. */
export async function verifyAccessToken(config: AuthConfig, token: string): Promise<JWTPayload> {
  try {
    return await config.tokens.verify(token);
  } catch (error) {
    throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${describeJwtFailure(error)}`);
  }
}

export async function verifyBearer(config: AuthConfig, req: IncomingMessage): Promise<JWTPayload> {
  return verifyAccessToken(config, extractBearer(req));
}

const REFRESH_TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const REFRESH_TOKEN_LENGTH = 12;

/** Same shape as GoTrue's refresh tokens stored in auth.refresh_tokens: 12 random [a-z0-9]. */
export function newRefreshToken(): string {
  let token = '';
  for (let i = 0; i < REFRESH_TOKEN_LENGTH; i++) token += REFRESH_TOKEN_ALPHABET[randomInt(REFRESH_TOKEN_ALPHABET.length)];
  return token;
}
