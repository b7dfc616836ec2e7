import { syncOneRequest } from '../../sync-http';
import { syncApiDeps } from '../../deps';

export const dynamic = 'force-dynamic';

/** POST /api/sync/clients/:id — sync one Project B person by id. `?dry_run=1` writes nothing. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return syncOneRequest(request, id, syncApiDeps());
}
