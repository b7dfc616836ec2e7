/**
 * Regenerates lib/database/*.types.ts from the migrations: a scratch Postgres,
 * every migration applied, then Supabase's type generator. No seed, no Docker.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareDatabase, type ProjectName } from './migrate';
import { freePort } from './ports';
import { ensureDatabase, startPostgres } from './postgres';
import { GENERATED_TYPE_FILES, generateDatabaseTypes } from './typegen';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'carebridge-types-'));
  const postgres = await startPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), ephemeral: true });
  try {
    for (const project of Object.keys(GENERATED_TYPE_FILES) as ProjectName[]) {
      const database = project.replace('-', '_');
      await ensureDatabase(postgres.superuserUrl('postgres'), database);
      await prepareDatabase({ databaseUrl: postgres.superuserUrl(database), project, seed: false });
      const file = path.join(ROOT, GENERATED_TYPE_FILES[project]);
      await writeFile(file, await generateDatabaseTypes(postgres.superuserUrl(database)));
      console.log(`wrote ${path.relative(ROOT, file)}`);
    }
  } finally {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
