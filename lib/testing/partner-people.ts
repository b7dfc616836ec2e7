import { silentLogger } from '@/lib/observability/log';
import { syncAllWhenFree } from './bulk-runs';
import { generatePartnerPeopleWith, type GeneratedPerson, type QueryB } from './partner-sign-ups';
export type { GeneratedPerson } from './partner-sign-ups';
import { serviceClients, sql } from './stack-clients';

/** Many Project B sign-ups at once (see generatePartnerPeopleWith), in the shared stack's B unless told another. */
export function generatePartnerPeople(
  count: number,
  label = 'bulk',
  queryB: QueryB<GeneratedPerson> = (text, values) => sql<GeneratedPerson>('b', text, values),
): Promise<GeneratedPerson[]> {
  return generatePartnerPeopleWith(queryB, count, label);
}

/** How many of `ids` Project A holds as synced clients. */
export async function countSyncedInA(ids: string[]): Promise<number> {
  const rows = await sql<{ n: string }>('a', `select count(*) as n from public.clients where id = any($1::uuid[]) and origin = 'project_b'`, [ids]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * A bulk sync reaches everyone in B, and other tests leave people there unsynced. A test
 * that reads a bulk report's counts calls this first, so the report it checks counts only
 * the people it made itself, whichever files or tests ran before it.
 */
export async function syncEveryoneElse(): Promise<void> {
  const settled = await syncAllWhenFree(serviceClients(), { source: 'cli', log: silentLogger });
  if (settled.status === 'failed') throw new Error(`the settling sync failed: ${JSON.stringify(settled)}`);
}
