import { execFile } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PostgresStartError } from './postgres-errors';

const exec = promisify(execFile);

/** The account the Postgres processes run as. */
export interface PostgresAccount {
  /** Set when that is not the current user: Postgres refuses to run as root, so root hands it to `postgres`. */
  ids?: { uid: number; gid: number };
}

async function idOf(flag: '-u' | '-g'): Promise<number | undefined> {
  try {
    return Number((await exec('id', [flag, 'postgres'])).stdout.trim());
  } catch {
    return undefined;
  }
}

async function groupExists(name: string): Promise<boolean> {
  return exec('getent', ['group', name]).then(
    () => true,
    () => false,
  );
}

export async function postgresAccount(): Promise<PostgresAccount> {
  if (process.getuid?.() !== 0) return {};
  if ((await idOf('-u')) === undefined) {
    // A system account with no home and no login, as a distribution's Postgres package makes it.
    const group = (await groupExists('postgres')) ? ['--gid', 'postgres'] : ['--user-group'];
    try {
      await exec('useradd', ['--system', ...group, '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    } catch (error) {
      throw new PostgresStartError(
        `Postgres cannot run as root, and creating a \`postgres\` user for it failed (${(error as Error).message.trim()}).`,
        'Create one (useradd --system --user-group postgres) or run as a normal user.',
      );
    }
  }
  const [uid, gid] = await Promise.all([idOf('-u'), idOf('-g')]);
  if (uid === undefined || gid === undefined) throw new PostgresStartError('The `postgres` user has no id.', 'Check `id postgres`.');
  return { ids: { uid, gid } };
}

/**
 * Whether the account can walk down to `dir`: every folder on the way must
 * let it search. (The Postgres processes keep only their primary group.)
 */
export function canReach(account: PostgresAccount, dir: string): boolean {
  if (!account.ids) return true;
  const { uid, gid } = account.ids;
  let current = realpathSync(dir);
  for (;;) {
    const { mode, uid: owner, gid: group } = statSync(current);
    const bit = owner === uid ? 0o100 : group === gid ? 0o010 : 0o001;
    if ((mode & bit) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}
