import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export const SUPABASE_DIR = path.resolve(import.meta.dirname, '..');

export type ProjectName = 'project-a' | 'project-b';

async function runInTransaction(client: pg.Client, sql: string): Promise<void> {
  await client.query('begin');
  try {
    await client.query(sql);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** Lists `supabase/<project>/migrations/<version>_<name>.sql` in version order, like the Supabase CLI. */
export async function listMigrations(project: ProjectName): Promise<{ version: string; name: string; file: string }[]> {
  const dir = path.join(SUPABASE_DIR, project, 'migrations');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file) => {
    const match = /^(\d+)_(.+)\.sql$/.exec(file);
    if (!match) throw new Error(`Migration file name must be <version>_<name>.sql: ${file}`);
    const [, version = '', name = ''] = match;
    return { version, name, file: path.join(dir, file) };
  });
}

export interface PrepareOptions {
  databaseUrl: string;
  project: ProjectName;
  seed: boolean;
  log?: (line: string) => void;
}

/**
 * Brings one database to what a hosted project would be after `supabase db push`:
 * the platform bootstrap, then every migration not yet recorded, then (on a new
 * database) the seed.
 */
export async function prepareDatabase(options: PrepareOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await client.query(await readFile(path.join(SUPABASE_DIR, 'local', 'bootstrap.sql'), 'utf8'));
    const { rows } = await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of await listMigrations(options.project)) {
      if (applied.has(migration.version)) continue;
      const sql = await readFile(migration.file, 'utf8');
      await runInTransaction(
        client,
        `${sql}\n;insert into supabase_migrations.schema_migrations (version, name) values (${pg.escapeLiteral(migration.version)}, ${pg.escapeLiteral(migration.name)});`,
      );
      log(`${options.project}: applied ${migration.version}_${migration.name}`);
    }
    if (options.seed) {
      const seedFile = path.join(SUPABASE_DIR, options.project, 'seed.sql');
      await runInTransaction(client, await readFile(seedFile, 'utf8'));
      log(`${options.project}: seeded`);
    }
    await client.query(`notify pgrst, 'reload schema'`);
  } finally {
    await client.end();
  }
}
