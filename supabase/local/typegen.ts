import { generateTypescript, introspect, sortGeneratorMetadata } from '@supabase/postgrest-typegen';
import pg from 'pg';

export const GENERATED_TYPE_FILES = {
  'project-a': 'lib/database/project-a.types.ts',
  'project-b': 'lib/database/project-b.types.ts',
} as const;

/** The same generator `supabase gen types typescript` runs, pointed at a migrated database. */
export async function generateDatabaseTypes(databaseUrl: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    // The generator keeps the catalog's order, which differs between databases with the same
    // schema (a hosted project's catalog is not the local one's); sorting makes the output stable.
    const metadata = sortGeneratorMetadata(await introspect(pool, { includedSchemas: ['public'] }));
    return await generateTypescript(metadata, { detectOneToOneRelationships: true, postgrestVersion: '12', defaultSchema: 'public' });
  } finally {
    await pool.end();
  }
}
