import { syncAllRequest } from '../sync-http';
import { syncApiDeps } from '../deps';

export const dynamic = 'force-dynamic';
// A full sync of a large practice takes a while; Vercel stops functions at maxDuration.
export const maxDuration = 300;

/** POST /api/sync/clients — sync everyone from Project B; answers with the run's report. `?dry_run=1` writes nothing. */
export async function POST(request: Request): Promise<Response> {
  return syncAllRequest(request, syncApiDeps(), 'api');
}
