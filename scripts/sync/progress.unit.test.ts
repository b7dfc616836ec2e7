import { describe, expect, it } from 'vitest';
import { createProgressReporter, progressBar } from './progress';
import { emptyCounts } from '@/lib/sync/sync-report';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, columns: 200, write: (chunk: string) => writes.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

const counts = { ...emptyCounts(), created: 10, unchanged: 30 };

describe('CLI progress', () => {
  it('draws a bar in place on a terminal and ends the line when done', () => {
    const { stream, writes } = fakeStream(true);
    const progress = createProgressReporter(stream, { intervalMs: 0 });
    progress.update({ phase: 'listing', done: 50, total: 100, counts });
    progress.update({ phase: 'syncing', done: 40, total: 100, counts });
    progress.update({ phase: 'syncing', done: 100, total: 100, counts });
    progress.done();

    expect(writes.slice(0, -1).every((w) => w.startsWith('\r\x1b[2K'))).toBe(true);
    expect(writes.at(-2)).toContain('[############################] 100%');
    expect(writes.at(-2)).toContain('created 10');
    expect(writes.at(-1)).toBe('\n');
  });

  it('writes plain lines, not too often, when stderr is not a terminal', () => {
    const { stream, writes } = fakeStream(false);
    const progress = createProgressReporter(stream, { intervalMs: 60_000 });
    progress.update({ phase: 'listing', done: 0, total: 100, counts });
    for (let done = 1; done < 100; done += 1) progress.update({ phase: 'syncing', done, total: 100, counts });
    progress.update({ phase: 'syncing', done: 100, total: 100, counts });
    progress.done();

    // The phase change and the end, not every batch; no carriage returns.
    expect(writes).toHaveLength(3);
    expect(writes.every((w) => w.startsWith('sync: ') && w.endsWith('\n') && !w.includes('\r'))).toBe(true);
    expect(writes[2]).toContain('100 / 100 people');
  });

  it('fills the bar in proportion', () => {
    expect(progressBar(0, 100, 10)).toBe('[----------]   0%');
    expect(progressBar(50, 100, 10)).toBe('[#####-----]  50%');
    expect(progressBar(5, 0, 10)).toBe('[----------]   0%');
  });
});
