import { syncStatusRequest } from '../sync-http';
import { syncApiDeps } from '../deps';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

/** GET /api/sync/status — how Project A compares with Project B right now. */
export async function GET(request: Request): Promise<Response> {
  return syncStatusRequest(request, syncApiDeps());
}
