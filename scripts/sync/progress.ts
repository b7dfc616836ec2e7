import type { SyncProgress } from '@/lib/sync/sync-clients';
import { SYNC_COUNT_FIELDS, SYNC_COUNT_LABELS } from '@/lib/sync/sync-report';

/**
 * Progress for the CLI: a bar redrawn in place on a terminal, plain lines
 * (at most one every few seconds, plus phase changes) when stderr is a file or a pipe.
 */
export interface ProgressReporter {
  update(progress: SyncProgress): void;
  done(): void;
}

const number = new Intl.NumberFormat('en');

function rate(done: number, startedAt: number): string {
  const seconds = (performance.now() - startedAt) / 1000;
  return seconds > 0.2 ? `${number.format(Math.round(done / seconds))}/s` : '';
}

export function progressBar(done: number, total: number, width = 28): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%`;
}

export function describeProgress(progress: SyncProgress, startedAt: number): string {
  const { phase, done, total, counts } = progress;
  if (phase === 'listing') return `listing Project B accounts  ${number.format(done)} / ${number.format(total)}`;
  // `done / total` already says how many were scanned.
  const tally = SYNC_COUNT_FIELDS.filter((field) => field !== 'scanned')
    .map((field) => `${SYNC_COUNT_LABELS[field].toLowerCase()} ${number.format(counts[field])}`)
    .join(' · ');
  return `${number.format(done)} / ${number.format(total)} people  ${tally}  ${rate(done, startedAt)}`.trimEnd();
}

export function createProgressReporter(stream: NodeJS.WriteStream, options: { interactive?: boolean; intervalMs?: number } = {}): ProgressReporter {
  const interactive = options.interactive ?? Boolean(stream.isTTY);
  const intervalMs = options.intervalMs ?? (interactive ? 80 : 2000);
  const startedAt = performance.now();
  let lastDraw = 0;
  let lastPhase: SyncProgress['phase'] | undefined;
  let pending: SyncProgress | undefined;
  let drawn = false;

  const draw = (progress: SyncProgress) => {
    lastDraw = performance.now();
    pending = undefined;
    const text = describeProgress(progress, startedAt);
    if (interactive) {
      const columns = stream.columns || 120;
      const line = `${progressBar(progress.done, progress.total)} ${text}`.slice(0, columns - 1);
      stream.write(`\r\x1b[2K${line}`);
      drawn = true;
    } else {
      stream.write(`sync: ${text}\n`);
    }
  };

  return {
    update(progress) {
      const phaseChanged = progress.phase !== lastPhase;
      lastPhase = progress.phase;
      const finished = progress.phase === 'syncing' && progress.done >= progress.total;
      if (phaseChanged || finished || performance.now() - lastDraw >= intervalMs) draw(progress);
      else pending = progress;
    },
    done() {
      if (pending) draw(pending);
      if (interactive && drawn) stream.write('\n');
    },
  };
}
