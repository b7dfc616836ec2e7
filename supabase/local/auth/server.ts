import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import type pg from 'pg';
import { handleGetUser, handleLogout, handleSignup, handleUpdateUser } from './account';
import { routeAdmin } from './admin';
import type { AuthConfig } from './context';
import { handleGenerateLink, handleInvite, handleRecover, handleVerifyGet, handleVerifyPost, type MailConfig } from './email-links';
import { handleToken } from './grants';
import { requireAdmin } from './guards';
import { ApiError, echoApiVersion, notFound, sendError, sendJson, sendUnexpectedFailure } from './http';
import { resolveMailSettings, type MailSettings } from './mailer';
import { createTokenSigner } from './signing';

export interface AuthServiceOptions {
  pool: pg.Pool; // superuser connection to this project's database
  jwtSecret: string; // legacy HS256 secret, shared with PostgREST
  /** ES256 private JWK with a `kid`: when set, access tokens are signed with it and published as a JWKS. */
  signingKey?: JWK;
  issuer: string; // e.g. `${projectUrl}/auth/v1`
  accessTokenTtlSeconds?: number; // default 3600
  /**
   * How long the spent parent of a session's live refresh token may still be
   * presented (a client that lost the refresh answer, or raced itself) before
   * it counts as a replay. Default 10, GoTrue's default.
   */
  refreshTokenReuseIntervalSeconds?: number;
  /**
   * GoTrue's GOTRUE_DISABLE_SIGNUP (the dashboard's "Allow new users to sign up",
   * inverted): POST /signup is refused; the admin API still creates users. Default
   * false, as in GoTrue.
   */
  disableSignup?: boolean;
  /**
   * GoTrue's SECURITY_UPDATE_PASSWORD_REQUIRE_CURRENT_PASSWORD ("Require current
   * password when updating" in the dashboard): PUT /user with a new password must
   * also send the current one. Default false, GoTrue's default.
   */
  updatePasswordRequireCurrentPassword?: boolean;
  /** Where e-mail goes and how links look; without it the e-mail endpoints answer 404. */
  mail?: MailSettings;
}

export interface AuthService {
  handle(req: IncomingMessage, res: ServerResponse, path: string /* e.g. '/token', query string included */): Promise<void>;
}

const HEALTH = {
  version: 'carebridge-local',
  name: 'GoTrue',
  description: 'GoTrue is a user registration and authentication API',
};

// Only e-mail + password exists here; every other provider is reported off.
const SETTINGS = {
  external: {
    anonymous_users: false,
    apple: false,
    azure: false,
    bitbucket: false,
    discord: false,
    facebook: false,
    snapchat: false,
    figma: false,
    fly: false,
    github: false,
    gitlab: false,
    google: false,
    keycloak: false,
    kakao: false,
    linkedin: false,
    linkedin_oidc: false,
    notion: false,
    spotify: false,
    slack: false,
    slack_oidc: false,
    workos: false,
    twitch: false,
    twitter: false,
    email: true,
    phone: false,
    zoom: false,
  },
  mailer_autoconfirm: true,
  phone_autoconfirm: false,
  sms_provider: '',
  saml_enabled: false,
  saml_private_key_next_configured: false,
  passkeys_enabled: false,
  // Older GoTrue releases reported this at the top level; some tooling still looks there.
  anonymous_users: false,
};

type Route = (req: IncomingMessage, res: ServerResponse, query: URLSearchParams) => Promise<void>;

export function createAuthService(options: AuthServiceOptions): AuthService {
  const config: AuthConfig = {
    pool: options.pool,
    tokens: createTokenSigner({ jwtSecret: options.jwtSecret, signingKey: options.signingKey }),
    issuer: options.issuer,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenReuseIntervalSeconds: options.refreshTokenReuseIntervalSeconds ?? 10,
    disableSignup: options.disableSignup ?? false,
    updatePasswordRequireCurrentPassword: options.updatePasswordRequireCurrentPassword ?? false,
  };

  const routes: Record<string, Route> = {
    'GET /health': async (_req, res) => sendJson(res, 200, HEALTH),
    'GET /settings': async (_req, res) => sendJson(res, 200, { ...SETTINGS, disable_signup: config.disableSignup }),
    // Public keys only: with the legacy secret alone the set is empty, and supabase-js's getClaims() falls back to GET /user.
    'GET /.well-known/jwks.json': async (_req, res) =>
      sendJson(res, 200, { keys: config.tokens.publicKeys() }, { 'cache-control': 'public, max-age=600' }),
    'POST /signup': (req, res) => handleSignup(config, req, res),
    'POST /token': (req, res, query) => handleToken(config, req, res, query),
    'GET /user': (req, res) => handleGetUser(config, req, res),
    'PUT /user': (req, res) => handleUpdateUser(config, req, res),
    'POST /logout': (req, res, query) => handleLogout(config, req, res, query),
  };
  const mailConfig: MailConfig | null = options.mail ? { ...config, mail: resolveMailSettings(options.mail) } : null;
  if (mailConfig) {
    routes['POST /recover'] = (req, res, query) => handleRecover(mailConfig, req, res, query);
    routes['POST /verify'] = (req, res) => handleVerifyPost(mailConfig, req, res);
    routes['GET /verify'] = (req, res, query) => handleVerifyGet(mailConfig, req, res, query);
    routes['POST /invite'] = async (req, res, query) => {
      await requireAdmin(config, req);
      await handleInvite(mailConfig, req, res, query);
    };
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    // Prefixing the origin by hand keeps a path like "//host/x" a path, not a host.
    const url = new URL(`http://auth.invalid${path.startsWith('/') ? path : `/${path}`}`);
    const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const method = req.method ?? 'GET';

    const route = routes[`${method} ${pathname}`];
    if (route) return route(req, res, url.searchParams);

    if (pathname === '/admin' || pathname.startsWith('/admin/')) {
      // As in GoTrue, the admin check guards the whole /admin tree, unknown paths included.
      await requireAdmin(config, req);
      if (mailConfig && method === 'POST' && pathname === '/admin/generate_link') return handleGenerateLink(mailConfig, req, res, url.searchParams);
      if (await routeAdmin(config, req, res, pathname, url.searchParams)) return;
    }
    throw notFound('not_found', 'Not Found');
  }

  return {
    async handle(req, res, path) {
      echoApiVersion(req, res);
      try {
        await dispatch(req, res, path);
      } catch (error) {
        if (error instanceof ApiError) {
          sendError(req, res, error);
          return;
        }
        console.error('[auth] unexpected failure on', req.method, path.split('?')[0], error);
        sendUnexpectedFailure(req, res);
      }
    },
  };
}
