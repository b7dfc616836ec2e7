import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every redirect in the app goes to a fixed path of this site, or through
 * safeRedirectPath: a target built from request input any other way could
 * send a therapist elsewhere. New redirects are held to this as they are written.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

function sourceFiles(): string[] {
  return ['app', 'lib', 'proxy.ts'].flatMap((entry) => {
    const full = path.join(ROOT, entry);
    if (entry.endsWith('.ts')) return [entry];
    return readdirSync(full, { recursive: true, withFileTypes: true })
      .filter((file) => file.isFile() && /\.tsx?$/.test(file.name) && !/\.test\.tsx?$/.test(file.name))
      .map((file) => path.relative(ROOT, path.join(file.parentPath, file.name)));
  });
}

const REDIRECT_CALL = /\b(?:redirect|permanentRedirect|NextResponse\.redirect)\(\s*([^)\n]{0,80})/g;
/** A literal path (`'/login'`, `` `/clients/${id}` ``), or a target made by safeRedirectPath. */
const SAFE_TARGET = /^(?:'\/[^/\\]|`\/[^/\\]|safeRedirectPath\()/;
/** The proxy's sign-in redirect: a copy of the request's own URL with its path set to /login. */
const KNOWN_SAME_ORIGIN = new Set(['lib/supabase/proxy.ts: login']);

/** Names of constants declared as a literal path of this site, e.g. `const CHOOSE_PASSWORD_PATH = '/choose-password'`. */
function literalPathConstants(): Set<string> {
  const declared = /\bconst ([A-Z][A-Z0-9_]*_PATH) = '\/[^/\\']*'/g;
  return new Set(sourceFiles().flatMap((file) => [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(declared)].map((match) => match[1]!)));
}

function redirectTargets(): { where: string; target: string }[] {
  return sourceFiles().flatMap((file) =>
    [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(REDIRECT_CALL)]
      .map((match) => ({ where: file, target: match[1]!.trim() }))
      // `redirect()` with nothing in it is a comment naming the function, not a call.
      .filter(({ target }) => target !== ''),
  );
}

describe('redirect targets', () => {
  it('finds the redirects it checks', () => {
    expect(redirectTargets().map(({ where }) => where)).toEqual(expect.arrayContaining(['app/login/actions.ts', 'lib/supabase/proxy.ts']));
  });

  it('are fixed paths of this site or go through safeRedirectPath', () => {
    const constants = literalPathConstants();
    const unsafe = redirectTargets()
      .filter(({ target }) => !SAFE_TARGET.test(target) && !constants.has(target.replace(/\).*$/, '')))
      .filter(({ where, target }) => !KNOWN_SAME_ORIGIN.has(`${where}: ${target.replace(/\).*$/, '')}`))
      .map(({ where, target }) => `${where}: redirect(${target}`);
    expect(unsafe).toEqual([]);
  });
});
