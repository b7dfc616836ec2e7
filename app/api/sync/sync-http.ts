import { logEvent, type EventLogger } from '@/lib/observability/log';
import { isUuid } from '@/lib/ids';
import type { ServiceClients } from '@/lib/supabase/clients';
import { SourceGrantMissingError } from '@/lib/sync/source-access';
import { syncAllClients, syncClientById, type SingleSyncOutcome } from '@/lib/sync/sync-clients';
import { SyncAlreadyRunningError } from '@/lib/sync/sync-runs';
import { getSyncStatus } from '@/lib/sync/sync-status';
import { authorizeSyncRequest } from './bearer-token';

/**
 * The sync API's HTTP layer for other services and schedulers: bearer tokens,
 * query flags and status codes around lib/sync's calls, as plain functions of a
 * Request. The route handlers next to this file pass their service clients and
 * tokens in, and tests call these the same way.
 */
export interface SyncApiDeps {
  clients: () => ServiceClients;
  /** SYNC_API_TOKEN: every route accepts it. */
  syncToken?: string;
  /** CRON_SECRET: the cron route accepts it as well (Vercel Cron sends it). */
  cronSecret?: string;
  log?: EventLogger;
}

const NO_STORE = { 'cache-control': 'no-store' } as const;

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

function refuse(request: Request, accepted: (string | undefined)[], log: EventLogger): Response | null {
  const verdict = authorizeSyncRequest(request, accepted);
  if (verdict === 'authorized') return null;
  const path = new URL(request.url).pathname;
  if (verdict === 'disabled') {
    log('sync.api_refused', { level: 'error', path, reason: 'no token configured' });
    return json({ error: 'sync_api_disabled', message: 'The sync API is off: set SYNC_API_TOKEN on the server.' }, 503);
  }
  log('sync.api_refused', { level: 'warn', path, reason: 'missing or wrong bearer token' });
  return json({ error: 'unauthorized', message: 'Send Authorization: Bearer <SYNC_API_TOKEN>.' }, 401, {
    'www-authenticate': 'Bearer realm="carebridge-sync"',
  });
}

function isDryRun(request: Request): boolean {
  const value = new URL(request.url).searchParams.get('dry_run');
  return value === '1' || value === 'true';
}

const SINGLE_STATUS: Record<SingleSyncOutcome, number> = {
  created: 200,
  updated: 200,
  unchanged: 200,
  not_found: 404,
  id_taken: 409,
  source_unavailable: 502,
  source_grant_missing: 502,
  failed: 500,
};

/** POST /api/sync/clients/:id — one person, by their Project B id. */
export async function syncOneRequest(request: Request, id: string, deps: SyncApiDeps): Promise<Response> {
  const log = deps.log ?? logEvent;
  const refused = refuse(request, [deps.syncToken], log);
  if (refused) return refused;
  if (!isUuid(id)) return json({ error: 'invalid_id', message: 'The client id must be a UUID.' }, 400);
  const result = await syncClientById(deps.clients(), id.toLowerCase(), {
    source: 'api',
    actorLabel: 'sync API',
    dryRun: isDryRun(request),
    log,
  });
  return json({ clientId: id.toLowerCase(), outcome: result.outcome, orphan: result.orphan, report: result.report }, SINGLE_STATUS[result.outcome]);
}

/** POST /api/sync/clients (and GET /api/sync/cron) — everyone; answers with the run's report. */
export async function syncAllRequest(request: Request, deps: SyncApiDeps, trigger: 'api' | 'cron' = 'api'): Promise<Response> {
  const log = deps.log ?? logEvent;
  const refused = refuse(request, trigger === 'cron' ? [deps.cronSecret, deps.syncToken] : [deps.syncToken], log);
  if (refused) return refused;
  try {
    const report = await syncAllClients(deps.clients(), {
      source: 'api',
      actorLabel: trigger === 'cron' ? 'nightly cron' : 'sync API',
      dryRun: isDryRun(request),
      log,
    });
    return json(report, report.status === 'failed' || report.status === 'interrupted' ? 502 : 200);
  } catch (error) {
    if (!(error instanceof SyncAlreadyRunningError)) throw error;
    // One bulk run at a time, whoever started it: the caller learns which one holds the slot.
    return json({ error: 'sync_already_running', message: error.message, run: error.running }, 409);
  }
}

/** GET /api/sync/status — the reconciliation of A against B. */
export async function syncStatusRequest(request: Request, deps: SyncApiDeps): Promise<Response> {
  const log = deps.log ?? logEvent;
  const refused = refuse(request, [deps.syncToken], log);
  if (refused) return refused;
  try {
    return json(await getSyncStatus(deps.clients()));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log('sync.status_failed', { level: 'error', detail: message });
    return json({ error: error instanceof SourceGrantMissingError ? 'source_grant_missing' : 'status_unavailable', message }, 502);
  }
}
