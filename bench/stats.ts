/**
 * Order statistics for latency samples. Medians and ratios of medians, because
 * the machine is noisy and a mean is dragged around by one slow request.
 */

/** The q-quantile (0..1) by linear interpolation between closest ranks. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((x, y) => x - y);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  return {
    n: samples.length,
    p50: quantile(samples, 0.5),
    p95: quantile(samples, 0.95),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/** Two decimals are plenty for milliseconds; results.json stays readable. */
export function roundSummary(s: LatencySummary): LatencySummary {
  return { n: s.n, p50: round(s.p50, 2), p95: round(s.p95, 2), min: round(s.min, 2), max: round(s.max, 2) };
}

export function ratio(value: number, reference: number): number {
  return reference > 0 ? value / reference : Number.NaN;
}

/**
 * The median of per-iteration ratios: variant and floor ran back to back in
 * the same iteration, so a noisy second hits both and cancels out.
 */
export function pairedRatio(values: readonly number[], references: readonly number[]): number {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(values.length, references.length); i += 1) {
    const reference = references[i] as number;
    if (reference > 0) ratios.push((values[i] as number) / reference);
  }
  return median(ratios);
}

/** Runs `fn` and returns its result with the wall time in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const startedAt = performance.now();
  const result = await fn();
  return { ms: performance.now() - startedAt, result };
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Peak resident set size of this process so far, in MB (maxRSS is in kB). */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

export function currentRssMb(): number {
  return round(process.memoryUsage().rss / 1024 / 1024, 1);
}
