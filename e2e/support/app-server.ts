/**
 * The app as Playwright drives it: a throw-away local stack on free ports, a
 * production build pointed at it (in its own folder, so a running `next dev`
 * is left alone), and `next start` on E2E_PORT. SIGTERM or SIGINT stops it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appEnvironment } from '@/supabase/local/app-env';
import { startEphemeralStack } from '@/supabase/local/ephemeral';
import { E2E_STACK_FILE } from './stack-file';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const port = process.env.E2E_PORT;
if (!port) throw new Error('E2E_PORT is not set; start the e2e tests with `npx playwright test`.');

const stack = await startEphemeralStack({ seed: true });
const { stop: stopStack, ...connection } = stack;
const syncApiToken = randomBytes(24).toString('base64url');
const cronSecret = randomBytes(24).toString('base64url');
const env = { ...process.env, ...appEnvironment(connection, syncApiToken), CRON_SECRET: cronSecret, NEXT_DIST_DIR: '.next-e2e' };
await mkdir(path.dirname(E2E_STACK_FILE), { recursive: true });
// Specs of the sync API need the tokens this app was started with.
await writeFile(E2E_STACK_FILE, JSON.stringify({ ...connection, syncApiToken, cronSecret }));

let child: ChildProcess | undefined;
let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await stopStack();
  }
  process.exit(code);
}
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));

function run(args: string[]): ChildProcess {
  child = spawn(process.execPath, [NEXT_BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  return child;
}

const build = run(['build']);
const buildCode = await new Promise<number>((resolve) => build.once('exit', (code) => resolve(code ?? 1)));
if (buildCode !== 0) await shutdown(buildCode);

const server = run(['start', '--port', port, '--hostname', '127.0.0.1']);
server.once('exit', (code) => void shutdown(code ?? 0));
