/**
 * 5. Dashboard: server render time of /sessions on the production build for a
 * therapist with 10,000 sessions, and the first-load JS of every route.
 *
 * The app is built from a copy of the working tree (bench/app-build.ts), then
 * `next start` serves it on a free port of 127.0.0.1. The therapist signs in
 * with @supabase/ssr exactly as the app's login does, and the cookies it sets
 * are sent with every request. Render time = request sent to last byte of the
 * HTML (the page streams), measured from this process, p50 over `requests`.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { createServerClient } from '@supabase/ssr';
import { appEnvironment } from '@/supabase/local/app-env';
import { freePort } from '@/supabase/local/ports';
import type { StackConnection } from '@/supabase/local/stack';
import { APP_COPY, BUILD_ROOT, buildApp, DIST_DIR, nextProcess } from './app-build';
import { ROOT, waitForExit } from './process';
import { check, ms, type SectionResult, type TableRow } from './report';
import { BENCH_THERAPIST, seedBusyTherapist } from './seed';
import { round, roundSummary, summarize } from './stats';

export interface DashboardOptions {
  sessions: number;
  clients: number;
  requests: number;
  warmup: number;
  buildTimeoutSeconds: number;
}

export const DASHBOARD_TARGETS = { renderP50Ms: 150, firstLoadKb: 130 };

/** The cookies the app would set after signing this therapist in. */
async function signInCookies(connection: StackConnection): Promise<string> {
  const jar = new Map<string, string>();
  const supabase = createServerClient(connection.a.url, connection.a.publishableKey, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => {
        for (const { name, value } of cookies) {
          if (value) jar.set(name, value);
          else jar.delete(name);
        }
      },
    },
  });
  const { error } = await supabase.auth.signInWithPassword({ email: BENCH_THERAPIST.email, password: BENCH_THERAPIST.password });
  if (error) throw new Error(`sign-in of the bench therapist failed: ${error.message}`);
  if (!jar.size) throw new Error('signing in set no cookies');
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

interface Timing {
  status: number;
  ttfbMs: number;
  totalMs: number;
  bytes: number;
  body: string;
}

async function get(url: string, cookie: string): Promise<Timing> {
  const startedAt = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const ttfbMs = performance.now() - startedAt;
  const body = await response.text();
  return { status: response.status, ttfbMs, totalMs: performance.now() - startedAt, bytes: Buffer.byteLength(body), body };
}

async function waitUntilServing(baseUrl: string, server: ReturnType<typeof nextProcess>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with code ${server.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/login`, { redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not answer within ${timeoutMs / 1000} s`);
}

function countOccurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

// First-load JS ----------------------------------------------------------------

export interface RouteJs {
  route: string;
  files: number;
  rawKb: number;
  gzipKb: number;
}

const gzipCache = new Map<string, { raw: number; gzip: number }>();
async function sizeOf(distDir: string, file: string): Promise<{ raw: number; gzip: number }> {
  const cached = gzipCache.get(file);
  if (cached) return cached;
  const content = await readFile(path.join(distDir, file));
  const size = { raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
  gzipCache.set(file, size);
  return size;
}

async function totalKb(distDir: string, files: Iterable<string>): Promise<{ files: number; rawKb: number; gzipKb: number }> {
  let raw = 0;
  let gzip = 0;
  let count = 0;
  for (const file of files) {
    const size = await sizeOf(distDir, file);
    raw += size.raw;
    gzip += size.gzip;
    count += 1;
  }
  return { files: count, rawKb: round(raw / 1000, 1), gzipKb: round(gzip / 1000, 1) };
}

/**
 * Next 16 (Turbopack) prints no sizes, so they are computed from the build:
 * a route's first load is the build manifest's rootMainFiles (runtime,
 * framework, router: loaded on every page; polyfillFiles are `nomodule` and
 * skipped by modern browsers) plus every entryJSFiles list in the route's
 * client-reference manifest (its layouts, page, error and not-found
 * boundaries). Each file is gzipped at level 9; kB = 1000 bytes.
 */
export async function firstLoadJs(distDir: string): Promise<RouteJs[]> {
  const buildManifest = JSON.parse(await readFile(path.join(distDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
  const appPaths = JSON.parse(await readFile(path.join(distDir, 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;
  // What every route loads before any of its own code: React, the router, the Turbopack runtime.
  const routes: RouteJs[] = [{ route: '(shared by all routes)', ...(await totalKb(distDir, buildManifest.rootMainFiles)) }];
  for (const [entry, route] of Object.entries(appPaths)) {
    // Route handlers ship no JS; _global-error is Next's own last-resort page.
    if (!entry.endsWith('/page') || route === '/_global-error') continue;
    const manifestFile = path.join(distDir, 'server', 'app', `${entry}_client-reference-manifest.js`);
    const sandbox = { __RSC_MANIFEST: {} as Record<string, { entryJSFiles?: Record<string, string[]> }> };
    const source = await readFile(manifestFile, 'utf8');
    // The manifest is a script that sets globalThis.__RSC_MANIFEST; run it with the sandbox as its global object.
    runInNewContext(source, sandbox);
    const manifest = sandbox.__RSC_MANIFEST[entry];
    const files = new Set(buildManifest.rootMainFiles);
    for (const list of Object.values(manifest?.entryJSFiles ?? {})) for (const file of list) files.add(file);
    routes.push({ route, ...(await totalKb(distDir, files)) });
  }
  return routes.sort((x, y) => x.route.localeCompare(y.route));
}

/** What a browser really fetches on first load: the <script src> tags of the served HTML. */
async function htmlScriptsKb(distDir: string, html: string): Promise<{ files: number; rawKb: number; gzipKb: number }> {
  const files = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="\/_next\/(static\/[^"?]+\.js)[^"]*"[^>]*>/g)) {
    const tag = match[0];
    if (/\snoModule/i.test(tag)) continue;
    if (match[1]) files.add(match[1]);
  }
  return totalKb(distDir, files);
}

// Section ----------------------------------------------------------------------

export async function runDashboard(connection: StackConnection, options: DashboardOptions): Promise<SectionResult> {
  await seedBusyTherapist(connection.a.dbUrl, options.clients, options.sessions);
  const env = { ...process.env, ...appEnvironment(connection, randomBytes(24).toString('base64url')) };
  const build = await buildApp(env, options.buildTimeoutSeconds * 1000);
  const distDir = path.join(APP_COPY, DIST_DIR);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = nextProcess(['start', '--port', String(port), '--hostname', '127.0.0.1'], env, path.join(BUILD_ROOT, 'start.log'));
  try {
    await waitUntilServing(baseUrl, server, 60_000);
    const cookie = await signInCookies(connection);

    const pages = { upcoming: '/sessions', past: '/sessions?tab=past' } as const;
    const first = await get(`${baseUrl}${pages.upcoming}`, cookie);
    const rowsShown = countOccurrences(first.body, 'data-test="session-row"');
    if (first.status !== 200 || !first.body.includes('data-test="sessions-table"') || rowsShown === 0) {
      throw new Error(
        `GET /sessions answered ${first.status} with ${rowsShown} session rows; is the sign-in cookie accepted? ${first.body.slice(0, 200)}`,
      );
    }
    const samples = { upcoming: [] as Timing[], past: [] as Timing[] };
    for (let i = 0; i < options.warmup + options.requests; i += 1) {
      // Alternate which tab goes first, so neither always follows the other.
      const order = i % 2 === 0 ? (['upcoming', 'past'] as const) : (['past', 'upcoming'] as const);
      for (const tab of order) {
        const timing = await get(`${baseUrl}${pages[tab]}`, cookie);
        if (timing.status !== 200) throw new Error(`GET ${pages[tab]} answered ${timing.status}`);
        if (i >= options.warmup) samples[tab].push({ ...timing, body: '' });
      }
    }
    const render = {
      upcoming: roundSummary(summarize(samples.upcoming.map((s) => s.totalMs))),
      past: roundSummary(summarize(samples.past.map((s) => s.totalMs))),
      upcomingTtfb: roundSummary(summarize(samples.upcoming.map((s) => s.ttfbMs))),
    };

    const routes = await firstLoadJs(distDir);
    const htmlCheck = {
      '/sessions': await htmlScriptsKb(distDir, first.body),
      '/login': await htmlScriptsKb(distDir, (await get(`${baseUrl}/login`, '')).body),
    };
    const pageRoutes = routes.filter((r) => r.route.startsWith('/'));
    const shared = routes.find((r) => !r.route.startsWith('/'));
    const biggest = Math.max(...pageRoutes.map((r) => r.gzipKb));

    const rows: TableRow[] = [
      {
        section: 'dashboard',
        figure: `GET /sessions, ${options.sessions.toLocaleString('en-US')} sessions (p50 · p95, n=${render.upcoming.n})`,
        value: `${ms(render.upcoming.p50)} · ${ms(render.upcoming.p95)} (first byte p50 ${ms(render.upcomingTtfb.p50)})`,
        target: `p50 ≤ ${DASHBOARD_TARGETS.renderP50Ms} ms`,
        status: check(render.upcoming.p50 <= DASHBOARD_TARGETS.renderP50Ms),
      },
      {
        section: 'dashboard',
        figure: 'GET /sessions?tab=past (p50 · p95)',
        value: `${ms(render.past.p50)} · ${ms(render.past.p95)}`,
        status: 'info',
      },
      ...(shared
        ? [
            {
              section: 'dashboard',
              figure: 'first-load JS shared by every route (framework)',
              value: `${shared.gzipKb.toFixed(1)} kB gz (${shared.rawKb.toFixed(1)} kB raw, ${shared.files} files)`,
              status: 'info',
            } satisfies TableRow,
          ]
        : []),
      ...pageRoutes.map((r): TableRow => ({
        section: 'dashboard',
        figure: `first-load JS ${r.route}`,
        value: `${r.gzipKb.toFixed(1)} kB gz (${r.rawKb.toFixed(1)} kB raw, ${r.files} files)`,
        target: `≤ ${DASHBOARD_TARGETS.firstLoadKb} kB`,
        status: check(r.gzipKb <= DASHBOARD_TARGETS.firstLoadKb),
      })),
    ];
    return {
      section: 'dashboard',
      rows,
      data: {
        ...options,
        buildSeconds: round(build.ms / 1000, 1),
        filesCopied: build.files,
        sessionRowsOnPage: rowsShown,
        htmlBytes: first.bytes,
        renderMs: render,
        firstLoadJs: routes,
        largestFirstLoadKb: biggest,
        htmlScriptCheck: htmlCheck,
      },
      notes: [
        `dashboard: production build (${round(build.ms / 1000, 0)} s) of a copy of the working tree in ${path.relative(ROOT, APP_COPY)}, served by next start on 127.0.0.1; ` +
          `${options.clients} clients and ${options.sessions.toLocaleString('en-US')} sessions for one therapist; time to the last byte of the HTML after ${options.warmup} warm-up requests per tab. ` +
          `First-load JS from the build manifests (rootMainFiles + the route's entryJSFiles), gzip -9, kB = 1000 B; ` +
          `the <script> tags of the served HTML add up to ${htmlCheck['/sessions'].gzipKb} kB for /sessions and ${htmlCheck['/login'].gzipKb} kB for /login.`,
      ],
    };
  } finally {
    if (server.exitCode === null) server.kill('SIGTERM');
    await waitForExit(server, 10_000);
  }
}
