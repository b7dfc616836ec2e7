import { generateTypescript, introspect } from '@supabase/postgrest-typegen';
import pg from 'pg';

export const GENERATED_TYPE_FILES = {
  'project-a': 'lib/database/project-a.types.ts',
  'project-b': 'lib/database/project-b.types.ts',
} as const;

/** The same generator `supabase gen types typescript` runs, pointed at a migrated database. */
export async function generateDatabaseTypes(databaseUrl: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const metadata = await introspect(pool, { includedSchemas: ['public'] });
    return await generateTypescript(metadata, { detectOneToOneRelationships: true, postgrestVersion: '12', defaultSchema: 'public' });
  } finally {
    await pool.end();
  }
}
