import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JwtSigning } from './keys';
import { freePort } from './ports';
import { startLocalStack, type LocalStack } from './stack';

/**
 * A temp folder for a test stack's data. As root, Postgres runs as the `postgres` user and
 * must enter it, which mkdtemp's private folder would forbid; the cluster would then move to
 * the shared root cluster home and outlive the folder.
 */
export async function makeStackDataDir(prefix: string): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), prefix));
  if (process.getuid?.() === 0) await chmod(dataDir, 0o755);
  return dataDir;
}

/**
 * A throw-away stack on free ports in a temp folder, for tests and benchmarks:
 * it cannot meet a developer's running stack, and stop() removes every trace.
 */
export async function startEphemeralStack(
  options: { seed?: boolean; jwtSigning?: JwtSigning; log?: (line: string) => void } = {},
): Promise<LocalStack> {
  return startLocalStack({
    dataDir: await makeStackDataDir('carebridge-stack-'),
    postgresPort: await freePort(),
    gatewayPorts: { a: await freePort(), b: await freePort() },
    ephemeral: true,
    seed: options.seed ?? true,
    jwtSigning: options.jwtSigning,
    log: options.log ?? (process.env.STACK_DEBUG ? (line) => console.error(`[stack] ${line}`) : undefined),
  });
}
