import { randomUUID } from 'node:crypto';
import { silentLogger } from '@/lib/observability/log';
import { syncAllWhenFree } from './bulk-runs';
import { partnerSignUpsSql } from './partner-sign-ups';
import { serviceClients, sql } from './stack-clients';

export interface GeneratedPerson {
  id: string;
  email: string;
  name: string;
}

/**
 * Many Project B sign-ups at once, straight into B's database (auth user; the
 * sign-up trigger makes the profile, named from the metadata). Far faster than
 * the admin API for bulk fixtures; every call gets its own e-mail prefix.
 */
export async function generatePartnerPeople(
  count: number,
  label = 'bulk',
  // Another stack's Project B (a test file that runs its own); the shared stack's by default.
  queryB: (text: string, values: unknown[]) => Promise<GeneratedPerson[]> = (text, values) => sql<GeneratedPerson>('b', text, values),
): Promise<GeneratedPerson[]> {
  const prefix = `${label}-${randomUUID().slice(0, 8)}`;
  return queryB(
    `with people as (
       select gen_random_uuid() as id, g, $2 || '-' || g || '@partner.test' as email, 'Person ' || $2 || ' ' || g as name,
              '' as encrypted_password, now() as created_at
       from generate_series(1, $1::int) g
     ),
     created as (${partnerSignUpsSql('select id, email, name, encrypted_password, created_at from people')})
     select p.id::text as id, p.email, p.name from people p join created c using (id) order by p.g`,
    [count, prefix],
  );
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
