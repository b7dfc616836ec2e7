/**
 * 2. The booking race: `concurrency` first-time bookings of one Project B
 * person at once, alternating between the two demo therapists. Repeated for
 * `rounds` fresh people; single (uncontended) first-time bookings are measured
 * between the rounds, so the "single-call p50" comes from the same minutes.
 */
import { createSession } from '@/lib/booking/create-session';
import { createProjectAUserClient } from '@/lib/testing/user-client';
import type { StackConnection } from '@/supabase/local/stack';
import { bookingClients, floorInsert, measuredLogger, newSession, serviceClients, signedInAs, THERAPISTS, type TherapistKey } from './clients';
import { check, int, ms, times, type SectionResult } from './report';
import { countRows, createPartnerPeople } from './seed';
import { ratio, round, roundSummary, summarize } from './stats';

export interface RaceOptions {
  rounds: number;
  concurrency: number;
  singles: number;
}

export const RACE_TARGETS = { errors: 0, clientRows: 1, p95OverSingleP50: 3 };

export async function runRace(connection: StackConnection, options: RaceOptions): Promise<SectionResult> {
  const service = serviceClients(connection);
  const tokens = {} as Record<TherapistKey, string>;
  for (const therapist of ['rivera', 'chen'] as const) {
    const signedIn = await signedInAs(connection, therapist);
    const { data } = await signedIn.auth.getSession();
    if (!data.session) throw new Error(`no session for ${therapist}`);
    tokens[therapist] = data.session.access_token;
  }
  // Each booking gets its own user client, as each request does in the app (built from its cookie).
  const clientsFor = (therapist: TherapistKey) =>
    bookingClients(createProjectAUserClient(connection.a.url, connection.a.publishableKey, tokens[therapist]), service);

  const singlesPerSlot = Math.ceil(options.singles / (options.rounds + 1));
  const people = await createPartnerPeople(connection.b.dbUrl, options.rounds + singlesPerSlot * (options.rounds + 1) + 5, 'race');
  let nextPerson = 0;
  const takePerson = () => people[nextPerson++] as string;

  // Warm-up: a few uncontended first-time bookings.
  for (let i = 0; i < 5; i += 1)
    await createSession(clientsFor('rivera'), newSession('rivera', takePerson()), { log: measuredLogger, clientSource: 'project_b' });

  const single: number[] = [];
  const singleFloor: number[] = [];
  const singleFailures: string[] = [];
  const runSingles = async () => {
    for (let i = 0; i < singlesPerSlot; i += 1) {
      const therapist: TherapistKey = i % 2 === 0 ? 'rivera' : 'chen';
      const clients = clientsFor(therapist);
      const session = newSession(therapist, takePerson());
      let startedAt = performance.now();
      const result = await createSession(clients, session, { log: measuredLogger, clientSource: 'project_b' });
      if (result.ok) single.push(performance.now() - startedAt);
      else singleFailures.push(result.outcome);
      const floorSession = newSession(therapist, THERAPISTS[therapist].linkedClient);
      startedAt = performance.now();
      await floorInsert(clients.user, floorSession);
      singleFloor.push(performance.now() - startedAt);
    }
  };

  // The same burst of bare inserts (each to a client already linked): the least any booking burst can cost here.
  const floorBurstLatencies: number[] = [];
  const runFloorBurst = async () => {
    const calls = Array.from({ length: options.concurrency }, (_, i) => {
      const therapist: TherapistKey = i % 2 === 0 ? 'rivera' : 'chen';
      return { user: clientsFor(therapist).user, session: newSession(therapist, THERAPISTS[therapist].linkedClient) };
    });
    const startedAt = performance.now();
    await Promise.all(
      calls.map(async ({ user, session }) => {
        await floorInsert(user, session);
        floorBurstLatencies.push(performance.now() - startedAt);
      }),
    );
  };

  const raceLatencies: number[] = [];
  const roundWallMs: number[] = [];
  const rounds: { errors: number; clientRows: number; careTeamRows: number; sessions: number; outcomes: Record<string, number> }[] = [];
  const errorSamples: string[] = [];
  await runSingles();
  for (let r = 0; r < options.rounds; r += 1) {
    const person = takePerson();
    const calls = Array.from({ length: options.concurrency }, (_, i) => {
      const therapist: TherapistKey = i % 2 === 0 ? 'rivera' : 'chen';
      return { clients: clientsFor(therapist), session: newSession(therapist, person) };
    });
    const outcomes: Record<string, number> = {};
    let errors = 0;
    const startedAt = performance.now();
    await Promise.all(
      calls.map(async ({ clients, session }) => {
        const result = await createSession(clients, session, { log: measuredLogger, clientSource: 'project_b' });
        raceLatencies.push(performance.now() - startedAt);
        outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
        if (!result.ok) {
          errors += 1;
          if (errorSamples.length < 5) errorSamples.push(`${result.outcome}: ${result.message}`);
        }
      }),
    );
    roundWallMs.push(performance.now() - startedAt);
    await runFloorBurst();
    const dbUrl = connection.a.dbUrl;
    rounds.push({
      errors,
      clientRows: await countRows(dbUrl, 'select count(*) as n from public.clients where id = $1', [person]),
      careTeamRows: await countRows(dbUrl, 'select count(*) as n from public.care_team where client_id = $1', [person]),
      sessions: await countRows(dbUrl, 'select count(*) as n from public.sessions where client_id = $1', [person]),
      outcomes,
    });
    await runSingles();
  }

  const singleSummary = summarize(single);
  const raceSummary = summarize(raceLatencies);
  const singleFloorSummary = summarize(singleFloor);
  const floorBurstSummary = summarize(floorBurstLatencies);
  const floorBurstRatio = ratio(floorBurstSummary.p95, singleFloorSummary.p50);
  const totalErrors = rounds.reduce((sum, r) => sum + r.errors, 0);
  const clientRows = rounds.map((r) => r.clientRows);
  const p95Ratio = ratio(raceSummary.p95, singleSummary.p50);
  const allOneRow = clientRows.every((n) => n === 1);
  const outcomeTotals: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.outcomes)) outcomeTotals[k] = (outcomeTotals[k] ?? 0) + v;

  const label = `${options.rounds} × ${options.concurrency} concurrent`;
  return {
    section: 'race',
    rows: [
      { section: 'race', figure: `errors (${label})`, value: int(totalErrors), target: '0', status: check(totalErrors === 0) },
      {
        section: 'race',
        figure: 'client rows per person',
        value: clientRows.join(', '),
        target: '1',
        status: check(allOneRow),
      },
      {
        section: 'race',
        figure: 'care-team links · sessions per person',
        value: `${rounds.map((r) => r.careTeamRows).join(', ')} · ${rounds.map((r) => r.sessions).join(', ')}`,
        target: `2 · ${options.concurrency}`,
        status: check(rounds.every((r) => r.careTeamRows === 2 && r.sessions === options.concurrency)),
      },
      {
        section: 'race',
        figure: 'single first-time booking (uncontended)',
        value: `p50 ${ms(singleSummary.p50)} · p95 ${ms(singleSummary.p95)} (n=${singleSummary.n})`,
        status: singleFailures.length ? 'missed' : 'info',
      },
      {
        section: 'race',
        figure: 'race latency per call',
        value: `p50 ${ms(raceSummary.p50)} · p95 ${ms(raceSummary.p95)} · p95 = ${times(p95Ratio)} single p50`,
        target: `p95 ≤ ${RACE_TARGETS.p95OverSingleP50}× single p50`,
        status: check(p95Ratio <= RACE_TARGETS.p95OverSingleP50),
      },
      {
        section: 'race',
        figure: `reference: ${options.concurrency} concurrent bare inserts`,
        value: `p50 ${ms(floorBurstSummary.p50)} · p95 ${ms(floorBurstSummary.p95)} · p95 = ${times(floorBurstRatio)} single insert p50 (${ms(singleFloorSummary.p50)})`,
        status: 'info',
      },
      {
        section: 'race',
        figure: 'outcomes',
        value: Object.entries(outcomeTotals)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
        status: 'info',
      },
    ],
    data: {
      ...options,
      singleMs: roundSummary(singleSummary),
      raceMs: roundSummary(raceSummary),
      p95OverSingleP50: round(p95Ratio, 2),
      singleFloorMs: roundSummary(singleFloorSummary),
      floorBurstMs: roundSummary(floorBurstSummary),
      floorBurstP95OverSingleFloorP50: round(floorBurstRatio, 2),
      roundWallMs: roundWallMs.map((v) => round(v, 1)),
      rounds,
      totalErrors,
      errorSamples,
      singleFailures,
    },
    notes: [
      `race: ${label} first-time bookings of one B person each round (therapists alternate); latency is from the common start to each call's end. ` +
        `Single-call p50 from ${singleSummary.n} uncontended first-time bookings run between the rounds. ` +
        `After each round the same burst is fired as ${options.concurrency} bare session inserts, the least such a burst can cost on this machine.`,
    ],
  };
}
