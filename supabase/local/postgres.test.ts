import { cp, chmod, lstat, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { packagedBinaries, readableBinaries } from './postgres-binaries';
import { PostgresStartError } from './postgres-errors';
import { freePort } from './ports';
import { startPostgres } from './postgres';

const isRoot = process.getuid?.() === 0;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(prefix: string, mode: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(dir, mode);
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function query(url: string, sql: string): Promise<Record<string, unknown>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as Record<string, unknown>;
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  // Root's home is 0700: the `postgres` user that root hands the server to cannot enter it.
  it.runIf(isRoot)('as root, runs a cluster whose binaries and data sit in a private folder, without opening that folder', async () => {
    const privateDir = await tempDir('cb-private-', 0o700);
    const shared = await tempDir('cb-shared-', 0o755);
    const packaged = packagedBinaries();
    const binariesDir = path.join(privateDir, 'node_modules', 'native');
    await cp(packaged.dir, binariesDir, { recursive: true, verbatimSymlinks: true });
    const dataDir = path.join(privateDir, '.local', 'supabase', 'postgres');

    const postgres = await startPostgres({
      dataDir,
      port: await freePort(),
      ephemeral: true,
      binaries: { dir: binariesDir, version: packaged.version },
      binaryCache: path.join(shared, 'cache'),
      clusterHome: path.join(shared, 'clusters'),
    });
    cleanups.push(() => postgres.stop());

    const row = await query(
      postgres.superuserUrl('postgres'),
      `select current_setting('data_directory') as data_dir, current_setting('server_encoding') as encoding`,
    );
    expect(row.data_dir).toBe(realpathSync(dataDir));
    expect(String(row.data_dir).startsWith(path.join(shared, 'clusters'))).toBe(true);
    expect(row.encoding).toBe('UTF8');
    expect((await lstat(dataDir)).isSymbolicLink()).toBe(true);
    // The server runs from the cached copy, as the postgres user, and the private folder stays private.
    const [cached] = (await readdir(path.join(shared, 'cache'))).filter((name) => name.startsWith(`postgres-${packaged.version}-`));
    expect(cached).toBeDefined();
    expect((await stat(path.join(shared, 'cache', cached!, 'bin', 'postgres'))).uid).toBe(0);
    expect((await stat(String(row.data_dir))).uid).not.toBe(0);
    expect((await stat(privateDir)).mode & 0o777).toBe(0o700);

    const clusterDir = String(row.data_dir);
    await postgres.stop();
    expect(existsSync(clusterDir)).toBe(false);
  });

  // Parallel test files start their stacks at the same moment on a fresh machine.
  it.runIf(isRoot)('gives stacks that copy the binaries at once one whole copy, and never removes it under them', async () => {
    const cache = path.join(await tempDir('cb-cache-', 0o755), 'cache');
    const copies = await Promise.all([1, 2, 3].map(() => readableBinaries({ runsAsOtherUser: true, cacheDir: cache })));
    expect(new Set(copies.map((copy) => copy.dir)).size).toBe(1);
    expect(existsSync(copies[0]!.postgres)).toBe(true);
    expect(await readdir(cache)).toEqual([path.basename(copies[0]!.dir)]);
    const again = await readableBinaries({ runsAsOtherUser: true, cacheDir: cache });
    expect(again.dir).toBe(copies[0]!.dir);
  });

  it('says which port is taken and how to choose another', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => squatter.close(resolve)));
    const dataDir = path.join(await tempDir('cb-port-', 0o755), 'postgres');

    const started = startPostgres({ dataDir, port, ephemeral: true });
    await expect(started).rejects.toBeInstanceOf(PostgresStartError);
    await expect(started).rejects.toThrow(`Postgres could not listen on 127.0.0.1:${port}: the port is in use.`);
    await expect(started).rejects.toThrow('STACK_POSTGRES_PORT');
  });

  it('refuses a data folder made by another Postgres major version and says how to start afresh', async () => {
    const dataDir = path.join(await tempDir('cb-major-', 0o755), 'postgres');
    await mkdir(dataDir, { mode: 0o700 });
    await writeFile(path.join(dataDir, 'PG_VERSION'), '15\n');

    const started = startPostgres({ dataDir, port: await freePort(), ephemeral: true });
    await expect(started).rejects.toThrow(/was made by Postgres 15; this stack runs Postgres 18\..*npm run stack:reset/s);
  });

  it('names the missing binary and the command that reinstalls it', async () => {
    const empty = await tempDir('cb-nobin-', 0o755);
    const started = startPostgres({
      dataDir: path.join(empty, 'postgres'),
      port: await freePort(),
      binaries: { dir: empty, version: '0.0.0' },
    });
    await expect(started).rejects.toThrow(`The Postgres binary ${path.join(empty, 'bin', 'initdb')} is missing. Run \`npm ci\` to reinstall it.`);
  });
});
