import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Keeps the layers pointing one way (README, "How it works"): lib/ holds the rules and
 * knows nothing of the routes, and of Next only in its request adapters; lib/booking and lib/clients stand side by side;
 * tests reach the local stack only through lib/testing/stack.ts.
 */
const ROOT = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

const IMPORT = /(?:^|\s)(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module a file imports, as a path from the repository root (or the bare package name). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => {
    const specifier = (match[1] ?? match[2])!;
    if (specifier.startsWith('@/')) return specifier.slice(2);
    if (specifier.startsWith('.')) return path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier));
    return specifier;
  });
}

function violations(files: string[], forbidden: (target: string) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((target) => `${file} → ${target}`),
  );
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const lib = sourceFiles('lib');
const under = (dir: string) => (target: string) => target === dir || target.startsWith(`${dir}/`);

describe('layers', () => {
  it('reads the imports it checks', () => {
    expect(importsOf('lib/layers.unit.test.ts')).toEqual(['node:fs', 'node:path', 'vitest']);
    expect(importsOf('lib/testing/stack.ts')).toContain('supabase/local/ephemeral');
    expect(importsOf('lib/supabase/service.ts')).toEqual(['server-only', 'lib/env', 'lib/supabase/clients']);
  });

  // The request adapters: they read the request's cookies or answer with a redirect, which only
  // Next can do. Everything else in lib/ runs the same from a test, the sync program or a route.
  const NEXT_ADAPTERS = ['lib/supabase/server.ts', 'lib/supabase/proxy.ts', 'lib/auth/session.ts', 'lib/forms/server-action.ts'];

  it('lib/ imports Next only in its request adapters', () => {
    const isNext = (target: string) => target === 'next' || target.startsWith('next/');
    expect(
      violations(
        lib.filter((file) => !NEXT_ADAPTERS.includes(file)),
        isNext,
      ),
    ).toEqual([]);
    expect(NEXT_ADAPTERS.filter((file) => violations([file], isNext).length === 0)).toEqual([]);
  });

  // A lib test may drive the HTTP layer it sits under (lib/sync/source-grant.test.ts does); lib code may not.
  it('lib/ code never imports app/', () => {
    expect(
      violations(
        lib.filter((file) => !isTest(file)),
        under('app'),
      ),
    ).toEqual([]);
  });

  it('lib/booking and lib/clients do not import each other', () => {
    expect(violations(sourceFiles('lib/booking'), under('lib/clients'))).toEqual([]);
    expect(violations(sourceFiles('lib/clients'), under('lib/booking'))).toEqual([]);
  });

  it('lib/, app/ and scripts/ reach supabase/local only through lib/testing/stack.ts', () => {
    const files = [...lib, ...sourceFiles('app'), ...sourceFiles('scripts')].filter((file) => file !== 'lib/testing/stack.ts');
    expect(violations(files, under('supabase/local'))).toEqual([]);
  });

  it('no program lives in lib/', () => {
    expect(lib.filter((file) => /(^|\/)cli\.ts$/.test(file))).toEqual([]);
  });
});
