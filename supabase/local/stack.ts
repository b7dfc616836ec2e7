import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { RunningGateway } from './gateway';
import { makeProjectKeys, type ProjectKeys } from './keys';
import { prepareDatabase, type ProjectName } from './migrate';
import { ensureDatabase, startPostgres, type RunningPostgres } from './postgres';
import { startPostgrest, type RunningPostgrest } from './postgrest';
import { startProjectGateway } from './project-gateway';

/** Everything a client or a test needs to reach one local project. Plain data, so it can cross processes. */
export interface ProjectConnection {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** Superuser connection string: for migrations, seeds and test assertions, never for the app. */
  dbUrl: string;
  postgrestSocket: string;
}

export interface StackConnection {
  a: ProjectConnection;
  b: ProjectConnection;
  postgresPort: number;
}

export interface StackOptions {
  dataDir: string;
  postgresPort: number;
  gatewayPorts: { a: number; b: number };
  /** Tests and benchmarks: no fsync, fresh keys, data removed on stop. */
  ephemeral?: boolean;
  /** Load seed.sql into a database the first time it is created. */
  seed?: boolean;
  log?: (line: string) => void;
}

export interface LocalStack extends StackConnection {
  stop(): Promise<void>;
}

const PROJECTS = { a: { database: 'project_a', dir: 'project-a' }, b: { database: 'project_b', dir: 'project-b' } } as const satisfies Record<
  string,
  { database: string; dir: ProjectName }
>;

/** Keys survive restarts of a persistent stack, so signed-in browsers stay signed in. */
async function loadOrCreateKeys(dataDir: string, ephemeral: boolean): Promise<{ a: ProjectKeys; b: ProjectKeys }> {
  const keyFile = path.join(dataDir, 'jwt-secrets.json');
  let secrets: { a: string; b: string } | undefined;
  if (!ephemeral && existsSync(keyFile)) secrets = JSON.parse(await readFile(keyFile, 'utf8')) as { a: string; b: string };
  secrets ??= { a: randomBytes(32).toString('hex'), b: randomBytes(32).toString('hex') };
  if (!ephemeral) await writeFile(keyFile, JSON.stringify(secrets), { mode: 0o600 });
  return { a: await makeProjectKeys(secrets.a), b: await makeProjectKeys(secrets.b) };
}

export async function startLocalStack(options: StackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const ephemeral = options.ephemeral ?? false;
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => log(`stop: ${String(error)}`));
    cleanups.length = 0;
  };

  try {
    const postgres: RunningPostgres = await startPostgres({
      dataDir: path.join(options.dataDir, 'postgres'),
      port: options.postgresPort,
      ephemeral,
      log,
    });
    cleanups.push(() => postgres.stop());
    if (ephemeral) cleanups.unshift(() => rm(options.dataDir, { recursive: true, force: true }));

    const keys = await loadOrCreateKeys(options.dataDir, ephemeral);
    // PostgREST logs in as authenticator; a fresh password each start keeps no secret on disk.
    const authenticatorPassword = randomBytes(18).toString('hex');
    const admin = new pg.Client({ connectionString: postgres.superuserUrl('postgres') });
    await admin.connect();
    await admin.query(await readFile(path.join(import.meta.dirname, 'bootstrap.sql'), 'utf8'));
    await admin.query(`alter role authenticator with login password ${pg.escapeLiteral(authenticatorPassword)}`);
    await admin.end();

    const socketDir = await mkdtemp(path.join(tmpdir(), 'cb-'));
    cleanups.push(() => rm(socketDir, { recursive: true, force: true }));

    const connections = {} as Record<'a' | 'b', ProjectConnection>;
    for (const key of ['a', 'b'] as const) {
      const project = PROJECTS[key];
      const created = await ensureDatabase(postgres.superuserUrl('postgres'), project.database);
      const dbUrl = postgres.superuserUrl(project.database);
      await prepareDatabase({ databaseUrl: dbUrl, project: project.dir, seed: created && (options.seed ?? false), log });

      const postgrest: RunningPostgrest = await startPostgrest({
        dbUrl: `postgres://authenticator:${authenticatorPassword}@127.0.0.1:${postgres.port}/${project.database}`,
        jwtSecret: keys[key].jwtSecret,
        socketPath: path.join(socketDir, `rest-${key}.sock`),
        log,
      });
      cleanups.push(() => postgrest.stop());

      const gateway: RunningGateway = await startProjectGateway({
        port: options.gatewayPorts[key],
        keys: keys[key],
        dbUrl,
        postgrestSocket: postgrest.socketPath,
      });
      cleanups.push(() => gateway.stop());

      connections[key] = {
        url: gateway.url,
        anonKey: keys[key].anonKey,
        serviceRoleKey: keys[key].serviceRoleKey,
        jwtSecret: keys[key].jwtSecret,
        dbUrl,
        postgrestSocket: postgrest.socketPath,
      };
    }

    return { ...connections, postgresPort: postgres.port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
