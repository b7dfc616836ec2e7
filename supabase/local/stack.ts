import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JWK } from 'jose';
import pg from 'pg';
import { loadEmailTemplates } from './auth/mailer';
import { createTokenSigner } from './auth/signing';
import type { RunningGateway } from './gateway';
import { jwtSigningFrom, loadOrCreateStackKeys, type JwtSigning, type ProjectKeys } from './keys';
import { prepareDatabase, type ProjectName } from './migrate';
import { ensureDatabase, startPostgres, type RunningPostgres } from './postgres';
import { startPostgrest, type RunningPostgrest } from './postgrest';
import { startMailbox } from './mail/mailbox-server';
import { openOutbox } from './mail/outbox';
import { startProjectGateway } from './project-gateway';

/** Everything a client or a test needs to reach one local project. Plain data, so it can cross processes. */
export interface ProjectConnection {
  url: string;
  /** Current-format API keys: what the app is given (publishable for the browser, secret for the server). */
  publishableKey: string;
  secretKey: string;
  /** Legacy JWT API keys, still accepted by the gateway. */
  anonKey: string;
  serviceRoleKey: string;
  /** Legacy HS256 secret: signs access tokens in `legacy` mode, and still verifies HS256 tokens in both. */
  jwtSecret: string;
  /** ES256 private JWK that signs access tokens in `asymmetric` mode. */
  signingKey: JWK;
  jwtSigning: JwtSigning;
  /** Superuser connection string: for migrations, seeds and test assertions, never for the app. */
  dbUrl: string;
  postgrestSocket: string;
}

export interface StackConnection {
  a: ProjectConnection;
  b: ProjectConnection;
  postgresPort: number;
  /** The local mailbox both auth servers send to: a browser view at `/`, JSON under `/api/messages`. */
  mailboxUrl: string;
}

export interface StackOptions {
  dataDir: string;
  postgresPort: number;
  gatewayPorts: { a: number; b: number };
  /** Tests and benchmarks: no fsync, fresh keys, data removed on stop. */
  ephemeral?: boolean;
  /** How access tokens are signed; default: STACK_JWT_SIGNING, else `asymmetric` as on a new hosted project. */
  jwtSigning?: JwtSigning;
  /** The mailbox's port; default: any free one. */
  mailboxPort?: number;
  /**
   * Project A's Site URL, where its e-mail links lead (the app). Default http://localhost:3000,
   * a new hosted project's. Project B keeps that default: it is another app's project.
   */
  siteUrl?: string;
  /** Load seed.sql into a database the first time it is created. */
  seed?: boolean;
  log?: (line: string) => void;
}

export interface LocalStack extends StackConnection {
  /** A closure, not a method: callers take it off the stack (`const { stop, ...connection } = stack`). */
  stop: () => Promise<void>;
}

const DEFAULT_SITE_URL = 'http://localhost:3000';

/**
 * `disableSignup` mirrors each project's hosted "Allow new users to sign up" (README):
 * off for the practice's Project A, whose accounts only admins create; on for
 * Project B, a partner app whose people sign themselves up.
 */
const PROJECTS = {
  a: { database: 'project_a', dir: 'project-a', disableSignup: true },
  b: { database: 'project_b', dir: 'project-b', disableSignup: false },
} as const satisfies Record<string, { database: string; dir: ProjectName; disableSignup: boolean }>;

/** What PostgREST verifies tokens with: the published key set plus the legacy secret, or the secret alone. */
function postgrestJwtSecret(keys: ProjectKeys, signing: JwtSigning): string {
  if (signing === 'legacy') return keys.jwtSecret;
  return JSON.stringify(createTokenSigner({ jwtSecret: keys.jwtSecret, signingKey: keys.signingKey }).verificationKeySet());
}

export async function startLocalStack(options: StackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const ephemeral = options.ephemeral ?? false;
  const jwtSigning = options.jwtSigning ?? jwtSigningFrom(process.env.STACK_JWT_SIGNING);
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

    // Kept beside the data, so a restart hands running apps and signed-in users the same keys.
    const keys = await loadOrCreateStackKeys(options.dataDir, !ephemeral);
    // PostgREST logs in as authenticator; a fresh password each start keeps no secret on disk.
    const authenticatorPassword = randomBytes(18).toString('hex');
    const admin = new pg.Client({ connectionString: postgres.superuserUrl('postgres') });
    await admin.connect();
    await admin.query(await readFile(path.join(import.meta.dirname, 'bootstrap.sql'), 'utf8'));
    await admin.query(`alter role authenticator with login password ${pg.escapeLiteral(authenticatorPassword)}`);
    await admin.end();

    // The stack's own database, not a project's: the outbox outlives auth server restarts and stays out of both APIs.
    const outbox = await openOutbox(postgres.superuserUrl('postgres'));
    cleanups.push(() => outbox.close());
    const mailbox = await startMailbox({ outbox, port: options.mailboxPort ?? 0 });
    cleanups.push(() => mailbox.stop());

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
        jwtSecret: postgrestJwtSecret(keys[key], jwtSigning),
        socketPath: path.join(socketDir, `rest-${key}.sock`),
        log,
      });
      cleanups.push(() => postgrest.stop());

      const gateway: RunningGateway = await startProjectGateway({
        port: options.gatewayPorts[key],
        keys: keys[key],
        signing: jwtSigning,
        dbUrl,
        postgrestSocket: postgrest.socketPath,
        disableSignup: project.disableSignup,
        mail: {
          outbox,
          project: key,
          siteUrl: key === 'a' ? (options.siteUrl ?? DEFAULT_SITE_URL) : DEFAULT_SITE_URL,
          templates: loadEmailTemplates(path.join(import.meta.dirname, '..', project.dir, 'auth')),
        },
      });
      cleanups.push(() => gateway.stop());

      connections[key] = {
        url: gateway.url,
        publishableKey: keys[key].publishableKey,
        secretKey: keys[key].secretKey,
        anonKey: keys[key].anonKey,
        serviceRoleKey: keys[key].serviceRoleKey,
        jwtSecret: keys[key].jwtSecret,
        signingKey: keys[key].signingKey,
        jwtSigning,
        dbUrl,
        postgrestSocket: postgrest.socketPath,
      };
    }

    return { ...connections, postgresPort: postgres.port, mailboxUrl: mailbox.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
