import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiKeyVerdict } from './api-keys';
import type { AuthService } from './auth/server';

export interface GatewayOptions {
  port: number;
  /** Decides from the apikey (and Authorization) header whether a request passes, and with which bearer token. */
  checkApiKey(headers: IncomingMessage['headers']): Promise<ApiKeyVerdict>;
  postgrestSocket: string;
  auth: AuthService;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS',
  'access-control-allow-headers':
    'authorization,apikey,content-type,content-profile,accept-profile,prefer,range,x-client-info,x-supabase-api-version',
  'access-control-expose-headers': 'content-range,x-total-count,link,x-supabase-api-version',
};

function replyJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', ...CORS_HEADERS });
  res.end(JSON.stringify(body));
}

function proxyToPostgrest(req: IncomingMessage, res: ServerResponse, socketPath: string, path: string): void {
  const headers = { ...req.headers };
  delete headers.host;
  const upstream = request({ socketPath, path, method: req.method, headers }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, ...CORS_HEADERS });
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) replyJson(res, 502, { message: 'An invalid response was received from the upstream server' });
    else res.destroy();
  });
  req.pipe(upstream);
}

// Public key discovery needs no API key, as on hosted Supabase: verifiers fetch it with no credentials.
// Nor does the e-mail link (Kong's `auth-v1-open` route): a mail client opens it with no headers at all.
const OPEN_AUTH_PATHS = new Set(['/auth/v1/.well-known/jwks.json', '/auth/v1/verify']);

function handleAuth(req: IncomingMessage, res: ServerResponse, auth: AuthService, subPath: string): void {
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
  auth.handle(req, res, subPath).catch((error: unknown) => {
    console.error('auth handler failed', error);
    if (!res.headersSent) replyJson(res, 500, { message: 'Internal server error' });
  });
}

/**
 * One Supabase-style URL per project, as Kong gives a hosted project:
 * /rest/v1 goes to PostgREST, /auth/v1 to the auth service, and both demand
 * one of the project's API keys.
 */
export function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const sockets = new Set<import('node:net').Socket>();

  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    const route = /^\/(rest|auth)\/v1(\/.*|\?.*)?$/.exec(url);
    if (!route) {
      replyJson(res, 404, { message: 'no Route matched with those values' });
      return;
    }
    const rest = route[2] ?? '/';
    const subPath = rest.startsWith('?') ? `/${rest}` : rest;
    if (route[1] === 'auth' && OPEN_AUTH_PATHS.has(url.split('?')[0] ?? '')) {
      handleAuth(req, res, options.auth, subPath);
      return;
    }
    options
      .checkApiKey(req.headers)
      .then((verdict) => {
        if ('status' in verdict) {
          replyJson(res, verdict.status, { message: verdict.message });
          return;
        }
        req.headers.authorization = verdict.authorization;
        if (route[1] === 'rest') proxyToPostgrest(req, res, options.postgrestSocket, subPath);
        else handleAuth(req, res, options.auth, subPath);
      })
      .catch((error: unknown) => {
        console.error('API key check failed', error);
        if (!res.headersSent) replyJson(res, 500, { message: 'Internal server error' });
      });
  });
  // Idle keep-alive connections stay open as long as Kong's (nginx's default 75 s; GoTrue behind it sets
  // no idle limit). Node's own 5 s would close a socket a client is about to reuse: "other side closed".
  server.keepAliveTimeout = 75_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        stop: () =>
          new Promise<void>((done) => {
            // Keep-alive sockets would hold close() open; an outage is abrupt anyway.
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
