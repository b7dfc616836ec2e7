import { spawn, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { canReach, postgresAccount, type PostgresAccount } from './postgres-account';
import { readableBinaries, type PostgresBinaries } from './postgres-binaries';
import { PostgresStartError, postgresExitError } from './postgres-errors';

export interface PostgresOptions {
  dataDir: string;
  port: number;
  /** Throw-away clusters (tests, benchmarks) trade durability for speed. */
  ephemeral?: boolean;
  log?: (line: string) => void;
  /** Where the binaries come from: the npm package unless a test says otherwise. */
  binaries?: { dir: string; version: string };
  /** As root: where the readable copy of the binaries goes (default /var/cache/carebridge). */
  binaryCache?: string;
  /** As root: where a cluster goes when the `postgres` user cannot reach dataDir (default /var/lib/carebridge/clusters). */
  clusterHome?: string;
}

export interface RunningPostgres {
  port: number;
  superuserUrl(database: string): string;
  stop(): Promise<void>;
}

export const SUPERUSER = 'postgres';
export const SUPERUSER_PASSWORD = 'postgres';

/** Root's clusters whose own folder the `postgres` user cannot enter (a checkout under /root). */
export const ROOT_CLUSTER_HOME = '/var/lib/carebridge/clusters';

const START_TIMEOUT_MS = 60_000;
// Postgres's messages are matched below, so they must be in English.
const CHILD_ENV = { ...process.env, LC_MESSAGES: 'C' };

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** mkdir -p that, as root, opens only the folders it made itself to the `postgres` user. */
async function makeFolders(dir: string, account: PostgresAccount): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (!account.ids || first === undefined) return;
  for (let current = dir; ; current = path.dirname(current)) {
    await chmod(current, 0o755);
    if (current === first) break;
  }
}

/**
 * Where the cluster's files go. In place when the `postgres` user can reach
 * dataDir; otherwise (root, checkout in a private folder) in ROOT_CLUSTER_HOME
 * under a name derived from dataDir, with a symlink at dataDir pointing there.
 */
async function placeCluster(dataDir: string, account: PostgresAccount, clusterHome: string): Promise<string> {
  if (isSymlink(dataDir)) return path.resolve(path.dirname(dataDir), readlinkSync(dataDir));
  await makeFolders(path.dirname(dataDir), account);
  if (existsSync(path.join(dataDir, 'PG_VERSION')) || canReach(account, path.dirname(dataDir))) return dataDir;
  // An empty folder left by an earlier start that failed here makes way for the link.
  await rmdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return;
    throw new PostgresStartError(`${dataDir} holds files but no Postgres cluster.`, 'Move it away or delete it, then start again.');
  });

  await makeFolders(clusterHome, account);
  if (!canReach(account, clusterHome)) {
    throw new PostgresStartError(
      `The \`postgres\` user cannot enter ${clusterHome}.`,
      `Make it and its parents searchable (chmod o+x), or run as a normal user.`,
    );
  }
  const relocated = path.join(clusterHome, createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16));
  await symlink(relocated, dataDir);
  return relocated;
}

async function majorOf(binaries: PostgresBinaries): Promise<number> {
  try {
    const { stdout } = await promisify(execFile)(binaries.postgres, ['-V']);
    return Number(/\(PostgreSQL\) (\d+)/.exec(stdout)?.[1]);
  } catch (error) {
    throw new PostgresStartError(`Cannot run ${binaries.postgres} (${(error as Error).message.trim()}).`, 'Run `npm ci` to reinstall it.');
  }
}

/** Runs a Postgres program as the account; resolves with its output, rejects if it cannot start. */
function runAs(account: PostgresAccount, file: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...account.ids, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

function cannotRun(file: string, account: PostgresAccount, error: unknown): PostgresStartError {
  const as = account.ids ? ' as the `postgres` user' : '';
  return new PostgresStartError(`Cannot run ${file}${as} (${(error as Error).message}).`, 'Run `npm ci` to reinstall the Postgres binaries.');
}

async function initialise(clusterDir: string, binaries: PostgresBinaries, account: PostgresAccount, log: (line: string) => void): Promise<void> {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file; it sits beside the cluster, where the account can read it.
  const pwFile = `${clusterDir}.pw-${process.pid}`;
  await writeFile(pwFile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
  if (account.ids) {
    await chown(clusterDir, account.ids.uid, account.ids.gid);
    await chown(pwFile, account.ids.uid, account.ids.gid);
  }
  try {
    const { code, output } = await runAs(account, binaries.initdb, [
      `--pgdata=${clusterDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      // Hosted Supabase's databases are UTF8 with the C.UTF-8 locale.
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--lc-messages=C',
    ]).catch((error: unknown) => {
      throw cannotRun(binaries.initdb, account, error);
    });
    log(output.trimEnd());
    if (code !== 0) {
      throw new PostgresStartError(
        `initdb could not create a cluster in ${clusterDir}:\n${output.trim().split('\n').slice(-6).join('\n')}\n`,
        'Check the free disk space and that the folder is empty, then start again.',
      );
    }
  } finally {
    await rm(pwFile, { force: true });
  }
}

async function assertSameMajor(clusterDir: string, major: number): Promise<void> {
  const made = Number((await readFile(path.join(clusterDir, 'PG_VERSION'), 'utf8')).trim());
  if (made !== major) {
    throw new PostgresStartError(
      `The data folder ${clusterDir} was made by Postgres ${made}; this stack runs Postgres ${major}.`,
      'Move it away to keep it (pg_dump it with Postgres ' +
        made +
        '), or delete it with `npm run stack:reset`; the next start migrates and seeds afresh.',
    );
  }
}

export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  const account = await postgresAccount();
  const binaries = await readableBinaries({
    runsAsOtherUser: account.ids !== undefined,
    cacheDir: options.binaryCache,
    source: options.binaries,
  });
  const clusterDir = await placeCluster(options.dataDir, account, options.clusterHome ?? ROOT_CLUSTER_HOME);
  const major = await majorOf(binaries);

  if (existsSync(path.join(clusterDir, 'PG_VERSION'))) await assertSameMajor(clusterDir, major);
  else await initialise(clusterDir, binaries, account, log);

  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    // No unix socket: two clusters (a dev stack and a test run) must not meet in /tmp.
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
  ];
  if (options.ephemeral) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const server = spawn(binaries.postgres, ['-D', clusterDir, '-p', String(options.port), ...flags], {
    ...account.ids,
    env: CHILD_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => server.once('close', () => resolve()));
  // A crash of this process must not leave the server behind.
  const stopOnExit = () => server.kill('SIGINT');
  process.once('exit', stopOnExit);

  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      server.kill('SIGKILL');
      reject(
        new PostgresStartError(`Postgres did not accept connections within ${START_TIMEOUT_MS / 1000} s.`, 'Run with STACK_DEBUG=1 to see its log.'),
      );
    }, START_TIMEOUT_MS);
    const settle = (error?: Error) => {
      clearTimeout(timer);
      if (error) {
        process.off('exit', stopOnExit);
        reject(error);
      } else resolve();
    };
    server.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      log(text.trimEnd());
      if (output.includes('database system is ready to accept connections')) settle();
    });
    server.stdout.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
    server.once('error', (error) => settle(cannotRun(binaries.postgres, account, error)));
    server.once('close', () => settle(postgresExitError(output, { dataDir: clusterDir, port: options.port })));
  });

  return {
    port: options.port,
    superuserUrl: (database) => `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: async () => {
      process.off('exit', stopOnExit);
      // SIGINT is Postgres's fast shutdown: open sessions are ended, nothing committed is lost.
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      await exited;
      if (options.ephemeral) await removeCluster(options.dataDir);
    },
  };
}

/** Deletes a cluster's files, following the link to ROOT_CLUSTER_HOME when the cluster was moved there. */
export async function removeCluster(dataDir: string): Promise<void> {
  if (isSymlink(dataDir)) await rm(path.resolve(path.dirname(dataDir), readlinkSync(dataDir)), { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
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
