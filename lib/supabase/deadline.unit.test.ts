import { describe, expect, it } from 'vitest';
import { deadlinePassed, fetchWithTimeout, withDeadline } from './deadline';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a shared deadline', () => {
  it('is passed once its time is up, for the work inside it only', async () => {
    const inside = withDeadline(AbortSignal.timeout(20), async () => {
      const before = deadlinePassed();
      await pause(60);
      return { before, after: deadlinePassed() };
    });
    expect(await inside).toEqual({ before: false, after: true });
    expect(deadlinePassed()).toBe(false);
  });

  it('lets the earlier of two nested deadlines win', async () => {
    const passed = await withDeadline(AbortSignal.timeout(20), () =>
      withDeadline(AbortSignal.timeout(60_000), async () => {
        await pause(60);
        return deadlinePassed();
      }),
    );
    expect(passed).toBe(true);
  });

  it('ends a request made after it passed without sending it', async () => {
    const bounded = fetchWithTimeout(60_000);
    const expired = AbortSignal.abort(new DOMException('deadline', 'TimeoutError'));
    // Port 9 (discard) is never asked: the request is refused before it leaves.
    await expect(withDeadline(expired, () => bounded('http://127.0.0.1:9/'))).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
