/**
 * A production build of the app for the dashboard benchmark, made from a copy
 * of the working tree in bench/.build/app. Building in place would let
 * `next build` rewrite the shared tsconfig.json (it adds `<distDir>/types`
 * globs) and next-env.d.ts; the copy keeps the checkout untouched. The copy has
 * no lockfile or node_modules, so Node and Turbopack resolve packages from the
 * repository's node_modules, and `.build` starts with a dot, so the project's
 * own `**\/*.ts` globs never see it.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, track, waitForExit } from './process';

export const BUILD_ROOT = path.join(ROOT, 'bench', '.build');
export const APP_COPY = path.join(BUILD_ROOT, 'app');
export const DIST_DIR = '.next-bench';
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

const COPY_DIRS = new Set(['app', 'lib', 'supabase', 'public', 'types', 'components', 'styles']);
const COPY_FILE =
  /^(proxy|middleware|instrumentation(-client)?)\.tsx?$|^next\.config\.(ts|js|mjs)$|^(tsconfig|package)\.json$|^(?!next-env)[^/]+\.d\.ts$/;

/** Without git (an unpacked archive): every file under the copied folders. */
async function walk(relative: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, relative), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!relative && !COPY_DIRS.has(entry.name)) continue;
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      files.push(...(await walk(child)));
    } else files.push(child);
  }
  return files;
}

/** Tracked and untracked-but-not-ignored files: the working tree as the developers see it. */
async function workingTreeFiles(): Promise<string[]> {
  let listed: string[];
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    listed = out.split('\0').filter(Boolean);
  } catch {
    listed = await walk('');
  }
  return listed
    .filter((file) => {
      const [top = '', ...rest] = file.split('/');
      return rest.length ? COPY_DIRS.has(top) : COPY_FILE.test(top);
    })
    .filter((file) => existsSync(path.join(ROOT, file)));
}

export async function copyApp(): Promise<number> {
  await rm(APP_COPY, { recursive: true, force: true });
  await mkdir(APP_COPY, { recursive: true });
  const files = await workingTreeFiles();
  for (const file of files) {
    await mkdir(path.dirname(path.join(APP_COPY, file)), { recursive: true });
    await cp(path.join(ROOT, file), path.join(APP_COPY, file));
  }
  return files.length;
}

export function nextProcess(args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const child = track(
    spawn(process.execPath, [NEXT_BIN, ...args], {
      cwd: APP_COPY,
      env: { ...env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once('exit', () => log.end());
  return child;
}

export async function buildApp(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ ms: number; files: number; logFile: string }> {
  const files = await copyApp();
  const logFile = path.join(BUILD_ROOT, 'build.log');
  const startedAt = performance.now();
  const child = nextProcess(['build'], env, logFile);
  const code = await waitForExit(child, timeoutMs);
  if (code !== 0) throw new Error(`next build failed (exit ${code}); see ${path.relative(ROOT, logFile)}`);
  return { ms: performance.now() - startedAt, files, logFile };
}
