import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { makeStackDataDir } from './ephemeral';
import { freePort, isPortFree } from './ports';
import { removeCluster } from './postgres';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Starts `npm run stack` (or the CLI under tsx) in a process group of its own,
 * as a terminal does, on free ports with its data in a temp folder.
 */
async function startStackCli(launcher: 'npm' | 'tsx') {
  const dataDir = await makeStackDataDir('cb-cli-');
  const ports = { postgres: await freePort(), a: await freePort(), b: await freePort(), mailbox: await freePort() };
  const [command, args] =
    launcher === 'npm' ? ['npm', ['run', 'stack']] : [path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['supabase/local/cli.ts', 'start']];
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      STACK_DATA_DIR: dataDir,
      STACK_POSTGRES_PORT: String(ports.postgres),
      STACK_PROJECT_A_PORT: String(ports.a),
      STACK_PROJECT_B_PORT: String(ports.b),
      STACK_MAILBOX_PORT: String(ports.mailbox),
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const pgid = child.pid ?? 0;
  const cleanup = async () => {
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    await removeCluster(path.join(dataDir, 'postgres'));
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor('the stack to come up', () => output.includes('CareBridge local stack is up') || child.exitCode !== null, 90_000);
  } catch (error) {
    await cleanup();
    throw error;
  }
  expect(output).toContain('CareBridge local stack is up');
  expect(output).toContain(`Mailbox    http://127.0.0.1:${ports.mailbox}`);
  return { pgid, appEnv: path.join(dataDir, 'app.env'), ports, cleanup };
}

describe('npm run stack', () => {
  it.each([
    { launcher: 'tsx' as const, how: 'Ctrl-C (SIGINT to the whole process group)', stop: (pgid: number): void => void process.kill(-pgid, 'SIGINT') },
    // npm passes SIGTERM to its script's shell and exits; without `exec` the shell left the stack running.
    { launcher: 'npm' as const, how: 'SIGTERM to npm alone', stop: (pgid: number): void => void process.kill(pgid, 'SIGTERM') },
  ])(
    'stops everything and removes app.env on $how',
    async ({ launcher, stop }) => {
      const cli = await startStackCli(launcher);
      try {
        expect(existsSync(cli.appEnv)).toBe(true);
        stop(cli.pgid);
        await waitFor('every process of the stack to exit', () => !groupAlive(cli.pgid), 30_000);
        expect(existsSync(cli.appEnv)).toBe(false);
        expect(await isPortFree(cli.ports.postgres)).toBe(true);
        expect(await isPortFree(cli.ports.a)).toBe(true);
        expect(await isPortFree(cli.ports.mailbox)).toBe(true);
      } finally {
        await cli.cleanup();
      }
    },
    150_000,
  );
});
