import { describe, expect, it } from 'vitest';
import { sessionScopeOf } from './list-sessions';

describe('the tab a session is listed on', () => {
  const now = new Date('2031-03-12T14:30:00Z');

  it('is Upcoming from the current minute on and Past before it, as the lists split them', () => {
    expect(sessionScopeOf('2031-03-12T14:30:00.000Z', now)).toBe('upcoming');
    expect(sessionScopeOf('2031-03-12T15:00:00+00:00', now)).toBe('upcoming');
    expect(sessionScopeOf('2031-03-12T14:29:59.999Z', now)).toBe('past');
  });
});
