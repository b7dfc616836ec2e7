import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGNED_IN_PATH, safeRedirectPath } from './safe-redirect';

describe('safeRedirectPath', () => {
  it.each([
    ['a tab inside the path', '/\t/evil.example'],
    ['a tab before the slashes', '\t//evil.example'],
    ['a CR inside the path', '/\r/evil.example'],
    ['an LF inside the path', '/\n/evil.example'],
    ['a NUL byte', '/sessions\u0000'],
    ['a C1 control character', '/\u0085/evil.example'],
    ['a backslash after the slash', '/\\evil.example'],
    ['two backslashes', '\\\\evil.example'],
    ['a backslash and a slash', '\\/evil.example'],
    ['a percent-encoded slash', '/%2fevil.example'],
    ['a percent-encoded slash, upper case', '/%2F%2Fevil.example'],
    ['a percent-encoded backslash', '/%5cevil.example'],
    ['a scheme-relative URL', '//evil.example/path'],
    ['a dot segment that collapses into //', '/.//evil.example'],
    ['an encoded dot segment that collapses into //', '/%2e//evil.example'],
    ['an absolute https URL', 'https://evil.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['JavaScript: in mixed case', 'JaVaScRiPt:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['userinfo with @', 'https://carebridge.invalid@evil.example/'],
    ['userinfo with @ after a slash', '//user@evil.example'],
    ['a relative path', 'sessions'],
    ['an empty string', ''],
    ['no value at all', undefined],
    ['a non-string', 42],
  ])('refuses %s', (_label, target) => {
    expect(safeRedirectPath(target)).toBe(DEFAULT_SIGNED_IN_PATH);
  });

  it.each([
    // Unicode look-alikes are not slashes to the URL parser: they stay a path on this site, percent-encoded.
    ['a fullwidth solidus', '/\uff0fevil.example', '/%EF%BC%8Fevil.example'],
    ['a fullwidth reverse solidus', '/\uff3cevil.example', '/%EF%BC%BCevil.example'],
    ['a division slash', '/\u2215evil.example', '/%E2%88%95evil.example'],
    ['a fraction slash', '/\u2044\u2044evil.example', '/%E2%81%84%E2%81%84evil.example'],
    // An @ in a path is only a path character.
    ['an @ in the path', '/@evil.example', '/@evil.example'],
  ])('keeps %s on the site', (_label, target, expected) => {
    expect(safeRedirectPath(target)).toBe(expected);
    expect(new URL(safeRedirectPath(target), 'https://carebridge.example').host).toBe('carebridge.example');
  });

  it.each([
    ['/sessions', '/sessions'],
    ['/clients?q=a&status=active', '/clients?q=a&status=active'],
    ['/clients/1b0e6a3c-5d2f-4c1e-9a5b-2f8d7c6e4a10#conflicts', '/clients/1b0e6a3c-5d2f-4c1e-9a5b-2f8d7c6e4a10#conflicts'],
    ['/sessions?tab=past#row-3', '/sessions?tab=past#row-3'],
    ['/clients?q=%2F%2Fevil', '/clients?q=%2F%2Fevil'],
    ['/sessions/../clients', '/clients'],
  ])('keeps the same-site path %s as %s', (target, expected) => {
    expect(safeRedirectPath(target)).toBe(expected);
  });

  it('uses the fallback it is given', () => {
    expect(safeRedirectPath('//evil.example', '/login')).toBe('/login');
  });
});
