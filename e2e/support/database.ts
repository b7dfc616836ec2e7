import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { StackConnection } from '@/supabase/local/stack';
import { E2E_STACK_FILE } from './stack-file';

/** Superuser SQL against the stack the e2e app server started, for checks the UI cannot show. */
export async function queryProject<Row extends pg.QueryResultRow>(project: 'a' | 'b', text: string, values: unknown[] = []): Promise<Row[]> {
  const stack = JSON.parse(readFileSync(E2E_STACK_FILE, 'utf8')) as StackConnection;
  const client = new pg.Client({ connectionString: stack[project].dbUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}
