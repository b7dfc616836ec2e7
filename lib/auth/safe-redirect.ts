/**
 * The one decision about where the app may send a browser: a path on this
 * site, never another origin. Free of Next so the sign-in schema, the proxy
 * and the tests share it.
 *
 * Browsers strip tab, CR and LF from a URL before parsing it and read `\` as
 * `/`, so `/\t/evil.example` or `/\evil.example` becomes `//evil.example`, a
 * scheme-relative URL to another host. Rather than guess at every such trick,
 * the target is parsed by the WHATWG URL parser (the browser's own rules)
 * against a placeholder origin, and kept only if it stays on that origin.
 */
const PLACEHOLDER_ORIGIN = 'https://carebridge.invalid';

/** C0 controls, DEL and C1 controls: no legitimate path carries them, and the URL parser would drop some silently. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const DEFAULT_SIGNED_IN_PATH = '/sessions';

/**
 * `target` as a same-origin path (pathname, query and hash, as the URL parser
 * normalises them), or `fallback` when it is missing, not a string, or could
 * lead anywhere else.
 */
export function safeRedirectPath(target: unknown, fallback: string = DEFAULT_SIGNED_IN_PATH): string {
  if (typeof target !== 'string' || target === '' || CONTROL_CHARACTERS.test(target)) return fallback;
  // Only an absolute path of this site: this also refuses `javascript:`, `data:` and relative paths.
  if (!target.startsWith('/')) return fallback;
  // `//host` and `/\host` are scheme-relative to the parser and to browsers alike.
  if (target.startsWith('//') || target.startsWith('/\\')) return fallback;
  // An encoded slash or backslash at the start would become `//` once some later hop decodes it.
  if (/^\/(%2f|%5c)/i.test(target)) return fallback;

  let parsed: URL;
  try {
    parsed = new URL(target, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (parsed.origin !== PLACEHOLDER_ORIGIN || parsed.username !== '' || parsed.password !== '') return fallback;
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  // The normalised form is what the browser will follow; it must still be a plain absolute path.
  if (path.startsWith('//')) return fallback;
  return path;
}
