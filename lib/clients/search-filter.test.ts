import { describe, expect, it } from 'vitest';
import { containsAnyFilter, escapeLikePattern, normaliseSearch, quoteFilterValue } from './search-filter';

describe('search filter escaping', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLikePattern('100%')).toBe('100\\%');
    expect(escapeLikePattern('a_b')).toBe('a\\_b');
    expect(escapeLikePattern('back\\slash')).toBe('back\\\\slash');
    // PostgREST reads * as %, with no escape: it becomes "any one character".
    expect(escapeLikePattern('st*r')).toBe('st_r');
  });

  it('quotes a value for the or-syntax', () => {
    expect(quoteFilterValue('a,b')).toBe('"a,b"');
    expect(quoteFilterValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteFilterValue('x\\y')).toBe('"x\\\\y"');
  });

  it('builds one quoted ilike per column', () => {
    expect(containsAnyFilter(['full_name', 'email'], 'o,k')).toBe('full_name.ilike."*o,k*",email.ilike."*o,k*"');
  });

  it('normalises what was typed', () => {
    expect(normaliseSearch('  Maya   Okafor ')).toBe('Maya Okafor');
    expect(normaliseSearch(undefined)).toBe('');
    expect(normaliseSearch('x'.repeat(500))).toHaveLength(100);
  });
});
