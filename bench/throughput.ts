/**
 * 3. Throughput: `callers` concurrent loops calling createSession (client
 * already linked, the everyday booking) for `seconds`, then the same loops
 * doing the bare insert for `floorSeconds` as a reference. Runs in its own
 * process (bench/child.ts) so the peak RSS is that of the booking process alone.
 */
import { createSession } from '@/lib/booking/create-session';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import type { StackConnection } from '@/supabase/local/stack';
import { bookingClients, floorInsert, measuredLogger, newSession, serviceClients, signedInAs, THERAPISTS, type TherapistKey } from './clients';
import { runWorker } from './process';
import { int, ms, times, type SectionResult } from './report';
import { currentRssMb, peakRssMb, ratio, round, roundSummary, summarize, type LatencySummary } from './stats';

export interface ThroughputOptions {
  callers: number;
  seconds: number;
  floorSeconds: number;
}

interface Phase {
  calls: number;
  errors: number;
  seconds: number;
  perSecond: number;
  latencyMs: LatencySummary;
  errorSamples: string[];
}

interface ThroughputWorkerResult {
  createSession: Phase;
  floor: Phase;
  rssAfterSetupMb: number;
  peakRssMb: number;
}

async function runPhase(callers: number, seconds: number, call: (caller: number) => Promise<void>): Promise<Phase> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const startedAt = performance.now();
  const deadline = startedAt + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (performance.now() < deadline) {
        const callStartedAt = performance.now();
        try {
          await call(caller);
          latencies.push(performance.now() - callStartedAt);
        } catch (error) {
          errors += 1;
          if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  const elapsed = (performance.now() - startedAt) / 1000;
  return {
    calls: latencies.length,
    errors,
    seconds: round(elapsed, 2),
    perSecond: round(latencies.length / elapsed, 1),
    latencyMs: roundSummary(summarize(latencies)),
    errorSamples,
  };
}

/** Runs inside the child process. */
export async function throughputWorker(input: { connection: StackConnection; options: ThroughputOptions }): Promise<ThroughputWorkerResult> {
  const { connection, options } = input;
  const service = serviceClients(connection);
  const tokens = {} as Record<TherapistKey, string>;
  for (const therapist of ['rivera', 'chen'] as const) {
    const { data } = await (await signedInAs(connection, therapist)).auth.getSession();
    if (!data.session) throw new Error(`no session for ${therapist}`);
    tokens[therapist] = data.session.access_token;
  }
  const callers = Array.from({ length: options.callers }, (_, i) => {
    const therapist: TherapistKey = i % 2 === 0 ? 'rivera' : 'chen';
    return {
      therapist,
      clients: bookingClients(createProjectAUserClient(connection.a.url, connection.a.publishableKey, tokens[therapist]), service),
    };
  });
  const book = async (caller: number) => {
    const { therapist, clients } = callers[caller] as (typeof callers)[number];
    const result = await createSession(clients, newSession(therapist, THERAPISTS[therapist].linkedClient), { log: measuredLogger });
    if (!result.ok) throw new Error(`${result.outcome}: ${result.message}`);
  };
  const insert = async (caller: number) => {
    const { therapist, clients } = callers[caller] as (typeof callers)[number];
    await floorInsert(clients.user, newSession(therapist, THERAPISTS[therapist].linkedClient));
  };

  await runPhase(options.callers, 2, book); // warm-up: connections, JIT, PostgREST pool
  const rssAfterSetupMb = currentRssMb();
  const booked = await runPhase(options.callers, options.seconds, book);
  const floor = await runPhase(options.callers, options.floorSeconds, insert);
  return { createSession: booked, floor, rssAfterSetupMb, peakRssMb: peakRssMb() };
}

export async function runThroughput(connection: StackConnection, options: ThroughputOptions): Promise<SectionResult> {
  const timeoutMs = (options.seconds + options.floorSeconds + 60) * 1000;
  const result = await runWorker<ThroughputWorkerResult>('throughput', { connection, options }, timeoutMs);
  const { createSession: booked, floor } = result;
  const failed = booked.errors ? `, ${booked.errors} FAILED` : '';
  return {
    section: 'throughput',
    rows: [
      {
        section: 'throughput',
        figure: `createSession, ${options.callers} callers × ${options.seconds} s`,
        value: `${int(booked.perSecond)} sessions/s (${int(booked.calls)} calls, p50 ${ms(booked.latencyMs.p50)} · p95 ${ms(booked.latencyMs.p95)})${failed}`,
        status: booked.errors ? 'missed' : 'info',
      },
      {
        section: 'throughput',
        figure: `reference: bare insert, ${options.callers} callers × ${options.floorSeconds} s`,
        value: `${int(floor.perSecond)} inserts/s · createSession = ${times(ratio(booked.perSecond, floor.perSecond))} of it`,
        status: 'info',
      },
      {
        section: 'throughput',
        figure: 'peak RSS of the booking process',
        value: `${result.peakRssMb} MB (${result.rssAfterSetupMb} MB after warm-up)`,
        status: 'info',
      },
    ],
    data: { ...options, ...result },
    notes: [
      `throughput: ${options.callers} concurrent loops in a separate Node process (clients already linked; 8 loops per demo therapist), after a 2 s warm-up. ` +
        'Peak RSS is process.resourceUsage().maxRSS of that process.',
    ],
  };
}
