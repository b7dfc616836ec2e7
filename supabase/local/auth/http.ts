import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

/** GoTrue answers 413 above this; supabase-js never sends anything close to it. */
export const MAX_BODY_BYTES = 1024 * 1024;

const API_VERSION_HEADER = 'X-Supabase-Api-Version';
const API_VERSION_2024 = '2024-01-01';

/**
 * An error GoTrue would send on purpose: HTTP status, machine-readable code and
 * human message. `extra` carries the few endpoint-specific fields GoTrue adds
 * next to them (weak_password.reasons).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (code: string, message: string) => new ApiError(400, code, message);
export const unprocessable = (code: string, message: string) => new ApiError(422, code, message);
export const forbidden = (code: string, message: string) => new ApiError(403, code, message);
export const notFound = (code: string, message: string) => new ApiError(404, code, message);

/**
 * GoTrue picks its error body by the closest API version at or below the
 * requested date; only dates from 2024-01-01 on get the `{code, message}` shape,
 * and only then is the header echoed. An unparsable header means "initial".
 */
export function requestsApiVersion2024(req: IncomingMessage): boolean {
  const raw = req.headers[API_VERSION_HEADER.toLowerCase()];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(parsed) && parsed >= Date.parse(`${API_VERSION_2024}T00:00:00Z`);
}

/**
 * supabase-js only trusts `code` when the response carries the version header,
 * so it is set before anything else is written and rides along on every reply.
 */
export function echoApiVersion(req: IncomingMessage, res: ServerResponse): void {
  if (requestsApiVersion2024(req)) res.setHeader(API_VERSION_HEADER, API_VERSION_2024);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  res.end(payload);
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = requestsApiVersion2024(req)
    ? { code: error.code, message: error.message, ...error.extra }
    : { code: error.status, error_code: error.code, msg: error.message, ...error.extra };
  const headers: Record<string, string> = { 'x-sb-error-code': error.code };
  // Replying before the whole body arrived: keep-alive would leave the rest on the socket.
  if (error.status === 413) headers.connection = 'close';
  sendJson(res, error.status, body, headers);
}

export function sendUnexpectedFailure(req: IncomingMessage, res: ServerResponse): void {
  sendError(req, res, new ApiError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information'));
}

export type RequestBody = Record<string, unknown>;

function tooLarge(): ApiError {
  return new ApiError(413, 'request_entity_too_large', `Request body too large (max ${MAX_BODY_BYTES} bytes)`);
}

function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  // Listeners rather than `for await`: leaving an async iterator early destroys the
  // request, and with it the socket the 413 has to travel back on.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer | string) => {
      if (refused) return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buffer.length;
      if (size > MAX_BODY_BYTES) {
        refused = true;
        reject(tooLarge());
        return;
      }
      chunks.push(buffer);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/**
 * GoTrue decodes bodies as JSON; form bodies are accepted too because OAuth
 * clients post `/token` that way. An empty body reads as `{}` so that the
 * endpoint's own validation produces the error, not the parser.
 */
export async function readBody(req: IncomingMessage): Promise<RequestBody> {
  const raw = (await readRawBody(req)).toString('utf8');
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw badRequest('bad_json', `Could not parse request body as JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('bad_json', 'Could not parse request body as JSON: expected an object');
  }
  return parsed as RequestBody;
}

/** Field types that do not match are GoTrue's `bad_json`, not a validation error. */
export function parseParams<Schema extends z.ZodType>(schema: Schema, body: RequestBody): z.infer<Schema> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (field ${issue.path.join('.')})` : '';
    throw badRequest('bad_json', `Could not parse request body as JSON: ${issue?.message ?? 'invalid body'}${where}`);
  }
  return result.data;
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const raw = req.headers[name.toLowerCase()];
  return Array.isArray(raw) ? raw[0] : raw;
}
