/**
 * 1. createSession latency against the floor, all variants interleaved.
 *
 * Each iteration runs every variant once, in an order that rotates from one
 * iteration to the next, so a noisy second lands on all of them alike:
 *   floor          one authenticated insert of a session row, returning it
 *   minimal        the same insert without returning the row (for reference)
 *   linked         createSession, client already on the care team (a)
 *   naive-linked   the simple way: select the client, then insert
 *   first-time     createSession for a person who exists only in B (b)
 *   naive-first    the simple way: select, B profile, B user, insert client, link, insert session
 */
import { createSession } from '@/lib/booking/create-session';
import type { StackConnection } from '@/supabase/local/stack';
import { bookingClients, floorInsert, measuredLogger, minimalInsert, newSession, serviceClients, signedInAs, THERAPISTS } from './clients';
import { naiveCreateSession } from './naive';
import { check, ms, times, type SectionResult, type TableRow } from './report';
import { createPartnerPeople } from './seed';
import { pairedRatio, ratio, round, roundSummary, summarize, type LatencySummary } from './stats';

export interface BookingOptions {
  iterations: number;
  warmup: number;
}

const VARIANTS = ['floor', 'minimal', 'linked', 'naive-linked', 'first-time', 'naive-first'] as const;
type Variant = (typeof VARIANTS)[number];

export const BOOKING_TARGETS = { linked: 1.15, firstTime: 2.5 };

export async function runBooking(connection: StackConnection, options: BookingOptions): Promise<SectionResult> {
  const service = serviceClients(connection);
  const user = await signedInAs(connection, 'rivera');
  const clients = bookingClients(user, service);
  const linkedClient = THERAPISTS.rivera.linkedClient;
  const total = options.warmup + options.iterations;
  // A fresh B person for every first-time call, made before any clock starts.
  const freshForLib = await createPartnerPeople(connection.b.dbUrl, total, 'book-lib');
  const freshForNaive = await createPartnerPeople(connection.b.dbUrl, total, 'book-naive');

  const failures: Record<Variant, string[]> = Object.fromEntries(VARIANTS.map((v) => [v, []])) as unknown as Record<Variant, string[]>;
  const run: Record<Variant, (i: number) => Promise<void>> = {
    floor: () => floorInsert(user, newSession('rivera', linkedClient)),
    minimal: () => minimalInsert(user, newSession('rivera', linkedClient)),
    linked: async () => {
      const result = await createSession(clients, newSession('rivera', linkedClient), { log: measuredLogger });
      if (!result.ok || result.outcome !== 'already_linked') throw new Error(`linked: ${result.outcome}`);
    },
    'naive-linked': async () => {
      const outcome = await naiveCreateSession(clients, newSession('rivera', linkedClient));
      if (outcome !== 'already_linked') throw new Error(`naive-linked: ${outcome}`);
    },
    'first-time': async (i) => {
      const result = await createSession(clients, newSession('rivera', freshForLib[i] as string), { log: measuredLogger, clientSource: 'project_b' });
      if (!result.ok || result.outcome !== 'copied') throw new Error(`first-time: ${result.outcome}`);
    },
    'naive-first': async (i) => {
      const outcome = await naiveCreateSession(clients, newSession('rivera', freshForNaive[i] as string));
      if (outcome !== 'copied') throw new Error(`naive-first: ${outcome}`);
    },
  };

  const samples: Record<Variant, number[]> = Object.fromEntries(VARIANTS.map((v) => [v, []])) as unknown as Record<Variant, number[]>;
  // Per iteration, NaN when that call failed, so paired ratios line up.
  const paired: Record<Variant, number[]> = Object.fromEntries(VARIANTS.map((v) => [v, []])) as unknown as Record<Variant, number[]>;
  for (let i = 0; i < total; i += 1) {
    const measured = i >= options.warmup;
    for (let k = 0; k < VARIANTS.length; k += 1) {
      const variant = VARIANTS[(i + k) % VARIANTS.length] as Variant;
      const startedAt = performance.now();
      try {
        await run[variant](i);
        const elapsed = performance.now() - startedAt;
        if (measured) {
          samples[variant].push(elapsed);
          paired[variant].push(elapsed);
        }
      } catch (error) {
        if (measured) {
          failures[variant].push(error instanceof Error ? error.message : String(error));
          paired[variant].push(Number.NaN);
        }
      }
    }
  }

  const summary = Object.fromEntries(VARIANTS.map((v) => [v, summarize(samples[v])])) as Record<Variant, LatencySummary>;
  const floor = summary.floor;
  const vsFloor = (variant: Variant) => ({
    p50: round(ratio(summary[variant].p50, floor.p50), 3),
    p95: round(ratio(summary[variant].p95, floor.p95), 3),
    paired: round(pairedRatio(paired[variant], paired.floor), 3),
  });
  const ratios = Object.fromEntries(VARIANTS.map((v) => [v, vsFloor(v)])) as Record<Variant, ReturnType<typeof vsFloor>>;

  const label: Record<Variant, string> = {
    floor: 'floor: 1 authenticated insert (returning the row)',
    minimal: 'insert with return=minimal (reference)',
    linked: '(a) createSession, client already linked',
    'naive-linked': 'naive, client already linked',
    'first-time': '(b) createSession, first-time B person',
    'naive-first': 'naive, first-time B person',
  };
  const rows: TableRow[] = [];
  for (const variant of VARIANTS) {
    const s = summary[variant];
    const r = ratios[variant];
    const failed = failures[variant].length ? `, ${failures[variant].length} FAILED` : '';
    const value = `p50 ${ms(s.p50)} · p95 ${ms(s.p95)}${variant === 'floor' ? '' : ` · ${times(r.p50)} floor (p95 ${times(r.p95)})`}${failed}`;
    let target: string | undefined;
    let status: TableRow['status'] = failures[variant].length ? 'missed' : 'info';
    if (variant === 'linked') {
      target = `≤ ${BOOKING_TARGETS.linked}× floor`;
      status = check(r.p50 <= BOOKING_TARGETS.linked && !failures[variant].length);
    } else if (variant === 'first-time') {
      target = `≤ ${BOOKING_TARGETS.firstTime}× floor`;
      status = check(r.p50 <= BOOKING_TARGETS.firstTime && !failures[variant].length);
    }
    rows.push({ section: 'booking', figure: label[variant], value, target, status });
  }
  rows.push({
    section: 'booking',
    figure: 'speed-up over naive (p50): linked · first-time',
    value: `${times(summary['naive-linked'].p50 / summary.linked.p50)} · ${times(summary['naive-first'].p50 / summary['first-time'].p50)}`,
    status: 'info',
  });

  return {
    section: 'booking',
    rows,
    data: {
      iterations: options.iterations,
      warmup: options.warmup,
      latencyMs: Object.fromEntries(VARIANTS.map((v) => [v, roundSummary(summary[v])])),
      ratioToFloor: ratios,
      failures: Object.fromEntries(VARIANTS.map((v) => [v, failures[v].slice(0, 5)])),
      failureCounts: Object.fromEntries(VARIANTS.map((v) => [v, failures[v].length])),
    },
    notes: [
      `booking: ${options.iterations} measured iterations after ${options.warmup} warm-up; each iteration runs all ${VARIANTS.length} variants in rotating order. ` +
        'Ratios are p50 / floor p50 (p95 / floor p95 in brackets); results.json also has the median of per-iteration ratios.',
    ],
  };
}
