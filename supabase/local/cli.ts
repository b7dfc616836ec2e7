/**
 * The local Supabase stack from the command line.
 *
 *   dev     stack + `next dev` on http://localhost:3000 (the README's start command)
 *   start   the stack alone, printing its URLs and keys
 *   reset   delete the local data; the next start migrates and seeds afresh
 *
 * Ctrl-C stops everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appEnvironment } from './app-env';
import { isPortFree } from './ports';
import { removeCluster } from './postgres';
import { createShutdown, shutdownOnSignals } from './shutdown';
import { startLocalStack, type LocalStack } from './stack';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DATA_DIR = path.resolve(ROOT, process.env.STACK_DATA_DIR ?? path.join('.local', 'supabase'));

const ports = {
  postgres: Number(process.env.STACK_POSTGRES_PORT ?? 54322),
  a: Number(process.env.STACK_PROJECT_A_PORT ?? 54321),
  b: Number(process.env.STACK_PROJECT_B_PORT ?? 54331),
  // The Supabase CLI's mailbox (Inbucket, now Mailpit) port.
  mailbox: Number(process.env.STACK_MAILBOX_PORT ?? 54324),
  app: Number(process.env.PORT ?? 3000),
};

async function assertPortsFree(wanted: Record<string, number>): Promise<void> {
  for (const [name, port] of Object.entries(wanted)) {
    if (!(await isPortFree(port))) {
      throw new Error(
        `Port ${port} (${name}) is already in use. Is another CareBridge stack running? ` +
          'Stop it, or choose other ports with STACK_POSTGRES_PORT, STACK_PROJECT_A_PORT, STACK_PROJECT_B_PORT, STACK_MAILBOX_PORT and PORT.',
      );
    }
  }
}

/** The sync API token is per machine, kept beside the data so restarts keep it. */
async function localSyncToken(): Promise<string> {
  const file = path.join(DATA_DIR, 'sync-api-token');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const token = randomBytes(24).toString('base64url');
  await writeFile(file, token, { mode: 0o600 });
  return token;
}

function printBanner(stack: LocalStack, syncToken: string, withApp: boolean): void {
  const lines = [
    '',
    'CareBridge local stack is up',
    `  Project A  ${stack.a.url}   (Postgres database project_a on 127.0.0.1:${stack.postgresPort})`,
    `  Project B  ${stack.b.url}   (Postgres database project_b)`,
    `  Mailbox    ${stack.mailboxUrl}   (e-mail both auth servers sent: password resets, invitations)`,
    `  Token signing       ${stack.a.jwtSigning === 'asymmetric' ? 'ES256, keys at <project URL>/auth/v1/.well-known/jwks.json' : 'legacy HS256 secret (STACK_JWT_SIGNING=legacy)'}`,
    `  A publishable key   ${stack.a.publishableKey}`,
    `  A secret key        ${stack.a.secretKey}`,
    `  B secret key        ${stack.b.secretKey}`,
    `  Legacy JWT keys     A anon ${stack.a.anonKey}`,
    `                      A service_role ${stack.a.serviceRoleKey}`,
    `                      B service_role ${stack.b.serviceRoleKey}`,
    `  Sync API token      ${syncToken}`,
    `  Keys stay the same across restarts (${path.relative(ROOT, path.join(DATA_DIR, 'keys.json'))}); \`npm run stack:reset\` makes new ones.`,
    '',
    'Demo therapists (password: carebridge-demo)',
    '  dr.rivera@carebridge.test   admin: can open /sync',
    '  dr.chen@carebridge.test',
    '',
    withApp ? `App: http://localhost:${ports.app}   Ctrl-C stops everything.` : 'Ctrl-C stops the stack.',
    '',
  ];
  console.log(lines.join('\n'));
}

async function run(command: string): Promise<void> {
  if (command === 'reset') {
    await removeCluster(path.join(DATA_DIR, 'postgres'));
    await rm(DATA_DIR, { recursive: true, force: true });
    console.log(`Removed ${path.relative(ROOT, DATA_DIR)}; the next start migrates and seeds afresh.`);
    return;
  }
  if (command !== 'dev' && command !== 'start') {
    throw new Error(`Unknown command "${command}". Use: dev | start | reset`);
  }
  const withApp = command === 'dev';
  await assertPortsFree(withApp ? ports : { postgres: ports.postgres, 'Project A': ports.a, 'Project B': ports.b, mailbox: ports.mailbox });

  const stack = await startLocalStack({
    dataDir: DATA_DIR,
    postgresPort: ports.postgres,
    gatewayPorts: { a: ports.a, b: ports.b },
    mailboxPort: ports.mailbox,
    // Project A's e-mail links lead to the app this command serves.
    siteUrl: `http://localhost:${ports.app}`,
    seed: true,
    log: process.env.STACK_DEBUG
      ? (line) => console.error(`[stack] ${line}`)
      : (line) => {
          if (/applied|seeded/.test(line)) console.log(line);
        },
  });
  const syncToken = await localSyncToken();
  // `npm run sync` (scripts/sync/cli.ts) reads this while the stack runs, so it needs no settings of its own.
  const appEnvFile = path.join(DATA_DIR, 'app.env');
  const appEnv = { ...appEnvironment(stack, syncToken) };
  await writeFile(
    appEnvFile,
    Object.entries(appEnv)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  printBanner(stack, syncToken, withApp);

  let app: ChildProcess | undefined;
  const shutdown = createShutdown(
    () => app,
    async () => {
      await rm(appEnvFile, { force: true });
      await stack.stop();
    },
  );
  shutdownOnSignals(shutdown);
  // Whatever ends this process (a crash included), the sync CLI must not find a stack that is gone.
  process.once('exit', () => rmSync(appEnvFile, { force: true }));

  if (withApp) {
    app = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'dev', '-p', String(ports.app)], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...appEnvironment(stack, syncToken) },
    });
    app.once('exit', (code) => void shutdown(code ?? 0));
  }
}

run(process.argv[2] ?? 'dev').catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
