import { syncAllRequest } from '../sync-http';
import { syncApiDeps } from '../deps';

export const dynamic = 'force-dynamic';
export const maxDuration = 300;

/**
 * GET /api/sync/cron — the nightly full sync (vercel.json). Vercel Cron calls
 * with GET and `Authorization: Bearer $CRON_SECRET`; SYNC_API_TOKEN works too.
 */
export async function GET(request: Request): Promise<Response> {
  return syncAllRequest(request, syncApiDeps(), 'cron');
}
