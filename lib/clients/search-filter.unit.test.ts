import { describe, expect, it } from 'vitest';
import { nameOrEmailFilter, normaliseSearch } from './search-filter';

describe('the clients search filter', () => {
  it('quotes the value and escapes LIKE wildcards', () => {
    expect(nameOrEmailFilter('o,k')).toBe('full_name.ilike."%o,k%",email.ilike."%o,k%"');
    expect(nameOrEmailFilter('100%_')).toBe('full_name.ilike."%100\\\\%\\\\_%",email.ilike."%100\\\\%\\\\_%"');
    expect(nameOrEmailFilter('say "hi"')).toBe('full_name.ilike."%say \\"hi\\"%",email.ilike."%say \\"hi\\"%"');
  });

  it('normalises what was typed', () => {
    expect(normaliseSearch('  Maya   Okafor ')).toBe('Maya Okafor');
    expect(normaliseSearch(undefined)).toBe('');
    expect(normaliseSearch('x'.repeat(500))).toHaveLength(100);
  });
});
