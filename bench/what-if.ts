/**
 * npx tsx bench/what-if.ts [steps] [booking] [race] [dashboard] [sync]   (default: all)
 *
 * Not part of `npm run bench`: measures design alternatives to the code under
 * test, so the proposals in docs/benchmarks.md come with numbers. Everything
 * it creates (two SQL functions, people, sessions) lives only in the
 * throw-away stack it starts; nothing in the project changes.
 *
 *   floor        the bare insert                                               1 request
 *   current      createSession for a first-time B person (today's code)        see `steps`
 *   no-select    insert first; on 23503 read B (profile ‖ user), then ONE service-role
 *                call that copies + links and itself answers "already there" (no A
 *                select beside the B read), then the user's insert              5 requests
 *   one-call     insert first; on 23503 read B, then ONE service-role call that copies +
 *                links + inserts the session (therapist id from the verified user)  4 requests
 *   hinted       the picker said "Project B person": read B, then the one-call
 *                (no refused insert first)                                     3 requests
 *   race         50 concurrent first-time bookings: today's code vs the same code with
 *                in-process single-flight on the copy (one copy per person per server process)
 *   steps        every request today's first-time createSession makes, with its start and duration
 *   dashboard    the two queries of /sessions (lib/sessions listSessions, lib/clients
 *                listClientChoices) as a therapist with 10,000 sessions and 200 clients,
 *                before and after 100,000 other (synced, unlinked) clients land in A
 *   sync         what a bulk sync of 100,000 people must at least read and write on this
 *                stack: B users through the auth admin API, B profiles and A clients through
 *                PostgREST in keyset pages, A upserts of 1,000 rows
 */
import { createSession, type BookingClients } from '@/lib/booking/create-session';
import type { NewSession } from '@/lib/booking/session.schema';
import { ensureClientOnCareTeam, type EnsureResult } from '@/lib/sync/ensure-client';
import { fetchSourcePerson, clientRowFromSource } from '@/lib/sync/source-person';
import { createProjectAUserClient } from '@/lib/supabase/admin';
import { bookingClients, floorInsert, measuredLogger, newSession, serviceClients, sessionInsert, signedInAs, THERAPISTS, type TherapistKey } from './clients';
import { listClientChoices } from '@/lib/clients/clients';
import { listSessions } from '@/lib/sessions/list-sessions';
import { BENCH_THERAPIST, createPartnerPeople, seedBusyTherapist, withDb } from './seed';
import { startBenchStack } from './stack';
import { median, summarize } from './stats';

// A closed pipe (`npm run bench | head`) must not kill this process before it has
// stopped what it started: write errors on stdout/stderr are ignored.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const ITERATIONS = Number(process.env.ITERATIONS ?? 150);
const EXPERIMENTS = ['steps', 'booking', 'race', 'dashboard', 'sync'] as const;
const chosen = new Set(process.argv.slice(2).length ? process.argv.slice(2) : EXPERIMENTS);
for (const name of chosen) if (!(EXPERIMENTS as readonly string[]).includes(name)) throw new Error(`unknown experiment ${name}`);

const PROTOTYPE_SQL = `
create or replace function public.bench_copy_and_link(client jsonb, therapist uuid) returns text
language plpgsql set search_path = '' as $$
declare origin public.client_origin;
begin
  insert into public.clients (id, full_name, email, notes, origin, synced_at, source_updated_at)
  values ((client->>'id')::uuid, client->>'full_name', client->>'email', client->>'notes', 'project_b',
          (client->>'synced_at')::timestamptz, (client->>'source_updated_at')::timestamptz)
  on conflict (id) do nothing;
  select c.origin into origin from public.clients c where c.id = (client->>'id')::uuid;
  if origin is distinct from 'project_b' then return 'not_found'; end if;
  insert into public.care_team (therapist_id, client_id) values (therapist, (client->>'id')::uuid) on conflict do nothing;
  return 'ready';
end $$;
revoke execute on function public.bench_copy_and_link(jsonb, uuid) from public, anon, authenticated;

create or replace function public.bench_copy_link_book(client jsonb, session jsonb) returns public.sessions
language plpgsql set search_path = '' as $$
declare booked public.sessions;
begin
  if public.bench_copy_and_link(client, (session->>'therapist_id')::uuid) <> 'ready' then
    raise exception 'client not found' using errcode = 'P0002';
  end if;
  insert into public.sessions (therapist_id, client_id, starts_at, duration_minutes, session_type, notes)
  values ((session->>'therapist_id')::uuid, (session->>'client_id')::uuid, (session->>'starts_at')::timestamptz,
          (session->>'duration_minutes')::int, (session->>'session_type')::public.session_type, session->>'notes')
  returning * into booked;
  return booked;
end $$;
revoke execute on function public.bench_copy_link_book(jsonb, jsonb) from public, anon, authenticated;
notify pgrst, 'reload schema';
`;

async function readB(clients: BookingClients, id: string) {
  const lookup = await fetchSourcePerson(clients.projectB, id);
  if (lookup.status !== 'found') throw new Error(`B lookup: ${lookup.status}`);
  return clientRowFromSource(lookup.person, new Date().toISOString());
}

async function rpcVariant(clients: BookingClients, session: NewSession): Promise<void> {
  const first = await clients.user.from('sessions').insert(sessionInsert(session)).select().single();
  if (first.data) return;
  const row = await readB(clients, session.clientId);
  const rpc = await clients.projectA.rpc('bench_copy_and_link' as never, { client: row, therapist: session.therapistId } as never);
  if (rpc.error) throw new Error(rpc.error.message);
  const second = await clients.user.from('sessions').insert(sessionInsert(session)).select().single();
  if (second.error) throw new Error(second.error.message);
}

async function rpcSessionVariant(clients: BookingClients, session: NewSession, hinted: boolean): Promise<void> {
  if (!hinted) {
    const first = await clients.user.from('sessions').insert(sessionInsert(session)).select().single();
    if (first.data) return;
  }
  const row = await readB(clients, session.clientId);
  const rpc = await clients.projectA.rpc('bench_copy_link_book' as never, { client: row, session: sessionInsert(session) } as never);
  if (rpc.error) throw new Error(rpc.error.message);
}

/** createSession with the copy coalesced per person inside this process. */
function withSingleFlight(): (clients: BookingClients, session: NewSession) => ReturnType<typeof createSession> {
  const inFlight = new Map<string, Promise<EnsureResult>>();
  return async (clients, session) => {
    const first = await clients.user.from('sessions').insert(sessionInsert(session)).select().single();
    if (first.data) return { ok: true, outcome: 'already_linked', session: first.data };
    const key = `${session.therapistId}:${session.clientId}`;
    let ensured = inFlight.get(key);
    if (!ensured) {
      ensured = ensureClientOnCareTeam(clients, session.therapistId, session.clientId).finally(() => inFlight.delete(key));
      inFlight.set(key, ensured);
    }
    const result = await ensured;
    if (result.status !== 'ready') return { ok: false, outcome: 'failed', message: result.status };
    const second = await clients.user.from('sessions').insert(sessionInsert(session)).select().single();
    if (!second.data) return { ok: false, outcome: 'failed', message: second.error?.message ?? '' };
    return { ok: true, outcome: result.outcome, session: second.data };
  };
}

const stack = await startBenchStack();
try {
  const connection = stack.connection;
  await withDb(connection.a.dbUrl, (db) => db.query(PROTOTYPE_SQL));
  await new Promise((resolve) => setTimeout(resolve, 500)); // schema reload
  const service = serviceClients(connection);
  const user = await signedInAs(connection, 'rivera');
  const clients = bookingClients(user, service);

  if (chosen.has('steps')) {
    // Every HTTP request today's createSession makes, timed where supabase-js sends it (fetch is looked up per call).
    const people = await createPartnerPeople(connection.b.dbUrl, ITERATIONS + 20, 'whatif-steps');
    const realFetch = globalThis.fetch;
    let calls: { label: string; start: number; ms: number }[] = [];
    let callStartedAt = 0;
    globalThis.fetch = async (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const project = url.origin === new URL(connection.a.url).origin ? 'A' : 'B';
      const path = url.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
      const startedAt = performance.now();
      const response = await realFetch(input, init);
      await response.clone().arrayBuffer();
      calls.push({ label: `${project} ${init?.method ?? 'GET'} ${path} ${response.status}`, start: startedAt - callStartedAt, ms: performance.now() - startedAt });
      return response;
    };
    const perLabel = new Map<string, { start: number[]; ms: number[] }>();
    const totals: number[] = [];
    try {
      for (let i = 0; i < people.length; i += 1) {
        calls = [];
        callStartedAt = performance.now();
        const result = await createSession(clients, newSession('rivera', people[i] as string), measuredLogger);
        if (!result.ok) throw new Error(result.outcome);
        if (i < 20) continue;
        totals.push(performance.now() - callStartedAt);
        for (const call of calls) {
          const entry = perLabel.get(call.label) ?? { start: [], ms: [] };
          entry.start.push(call.start);
          entry.ms.push(call.ms);
          perLabel.set(call.label, entry);
        }
      }
    } finally {
      globalThis.fetch = realFetch;
    }
    console.log(`today's first-time createSession, request by request (${ITERATIONS} people; ms p50 of start offset and duration)`);
    for (const [label, entry] of [...perLabel].sort((x, y) => median(x[1].start) - median(y[1].start))) {
      console.log(`  starts at ${median(entry.start).toFixed(2).padStart(6)}  takes ${median(entry.ms).toFixed(2).padStart(6)}  ${label}${entry.ms.length !== totals.length ? ` (${entry.ms.length}×)` : ''}`);
    }
    console.log(`  whole call p50 ${median(totals).toFixed(2)} ms, ${(perLabel.size)} kinds of request`);
  }

  if (chosen.has('booking')) {
  const variants = ['floor', 'current', 'no-select', 'one-call', 'hinted'] as const;
  const people = Object.fromEntries(
    await Promise.all(variants.map(async (v) => [v, await createPartnerPeople(connection.b.dbUrl, ITERATIONS + 20, `whatif-${v}`)] as const)),
  ) as Record<(typeof variants)[number], string[]>;
  const samples = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<(typeof variants)[number], number[]>;
  for (let i = 0; i < ITERATIONS + 20; i += 1) {
    for (let k = 0; k < variants.length; k += 1) {
      const variant = variants[(i + k) % variants.length] as (typeof variants)[number];
      const person = people[variant][i] as string;
      const startedAt = performance.now();
      if (variant === 'floor') await floorInsert(user, newSession('rivera', THERAPISTS.rivera.linkedClient));
      else if (variant === 'current') {
        const result = await createSession(clients, newSession('rivera', person), measuredLogger);
        if (!result.ok) throw new Error(result.outcome);
      } else if (variant === 'no-select') await rpcVariant(clients, newSession('rivera', person));
      else await rpcSessionVariant(clients, newSession('rivera', person), variant === 'hinted');
      if (i >= 20) samples[variant].push(performance.now() - startedAt);
    }
  }
  const floorP50 = median(samples.floor);
  console.log(`first-time booking, ${ITERATIONS} interleaved iterations (ms, ratio of p50 to floor p50)`);
  for (const v of variants) {
    const s = summarize(samples[v]);
    console.log(`  ${v.padEnd(12)} p50 ${s.p50.toFixed(2).padStart(6)}  p95 ${s.p95.toFixed(2).padStart(6)}  ${(s.p50 / floorP50).toFixed(2)}× floor`);
  }
  }

  if (chosen.has('race')) {
  // The race, today's code vs single-flight, alternating rounds.
  const tokens = {} as Record<TherapistKey, string>;
  for (const t of ['rivera', 'chen'] as const) {
    const { data } = await (await signedInAs(connection, t)).auth.getSession();
    tokens[t] = data.session?.access_token ?? '';
  }
  const raceRounds = 4;
  const racePeople = await createPartnerPeople(connection.b.dbUrl, raceRounds * 2, 'whatif-race');
  const race = { current: [] as number[], singleFlight: [] as number[] };
  for (let r = 0; r < raceRounds * 2; r += 1) {
    const kind = r % 2 === 0 ? 'current' : 'singleFlight';
    const book = kind === 'current' ? (c: BookingClients, s: NewSession) => createSession(c, s, measuredLogger) : withSingleFlight();
    const person = racePeople[r] as string;
    const calls = Array.from({ length: 50 }, (_, i) => {
      const t: TherapistKey = i % 2 === 0 ? 'rivera' : 'chen';
      return { c: bookingClients(createProjectAUserClient(connection.a.url, connection.a.anonKey, tokens[t]), service), s: newSession(t, person) };
    });
    const startedAt = performance.now();
    const results = await Promise.all(calls.map(async ({ c, s }) => {
      const result = await book(c, s);
      race[kind].push(performance.now() - startedAt);
      return result;
    }));
    const failed = results.filter((x) => !x.ok).length;
    if (failed) console.log(`  round ${r} (${kind}): ${failed} failed`);
  }
  console.log('race, 50 concurrent first-time bookings of one person, 4 rounds each (ms)');
  for (const [k, v] of Object.entries(race)) {
    const s = summarize(v);
    console.log(`  ${k.padEnd(12)} p50 ${s.p50.toFixed(1).padStart(7)}  p95 ${s.p95.toFixed(1).padStart(7)}`);
  }
  }

  if (chosen.has('dashboard')) {
  // Dashboard queries, before and after a bulk sync's worth of other clients.
  await seedBusyTherapist(connection.a.dbUrl, 200, 10_000);
  const busy = createProjectAUserClient(connection.a.url, connection.a.anonKey);
  const signIn = await busy.auth.signInWithPassword({ email: BENCH_THERAPIST.email, password: BENCH_THERAPIST.password });
  if (signIn.error) throw signIn.error;
  const timeQueries = async () => {
    const out = { listSessions: [] as number[], listClientChoices: [] as number[], 'from care_team': [] as number[] };
    for (let i = 0; i < 60; i += 1) {
      let t = performance.now();
      await listSessions(busy, { therapistId: BENCH_THERAPIST.id, scope: 'upcoming', limit: 20 });
      if (i >= 10) out.listSessions.push(performance.now() - t);
      t = performance.now();
      const choices = await listClientChoices(busy);
      if (i >= 10) out.listClientChoices.push(performance.now() - t);
      // The same list, starting from the therapist's care-team rows (primary-key range) instead of every client.
      t = performance.now();
      const viaTeam = await busy
        .from('care_team')
        .select('client:clients!inner(id, full_name)')
        .eq('therapist_id', BENCH_THERAPIST.id)
        .order('client(full_name)')
        .order('client_id')
        .limit(1000);
      if (viaTeam.error) throw new Error(viaTeam.error.message);
      if (viaTeam.data.length !== choices.length) throw new Error(`care_team query: ${viaTeam.data.length} rows, expected ${choices.length}`);
      if (i >= 10) out['from care_team'].push(performance.now() - t);
    }
    return out;
  };
  const before = await timeQueries();
  await withDb(connection.a.dbUrl, async (db) => {
    await db.query(`insert into public.clients (id, full_name, email, origin, synced_at)
                    select gen_random_uuid(), 'Synced Person ' || n, 'synced' || n || '@partner.test', 'project_b', now()
                    from generate_series(1, 100000) n`);
    await db.query('analyze public.clients');
  });
  const after = await timeQueries();
  console.log('dashboard queries as a therapist with 10,000 sessions (ms, p50 · p95 of 50)');
  for (const [name, samplesBefore] of Object.entries(before)) {
    const b = summarize(samplesBefore);
    const a = summarize(after[name as keyof typeof after]);
    console.log(`  ${name.padEnd(18)} A without others ${b.p50.toFixed(1)} · ${b.p95.toFixed(1)}   with 100,000 other clients ${a.p50.toFixed(1)} · ${a.p95.toFixed(1)}`);
  }
  const plan = await withDb(connection.a.dbUrl, async (db) => {
    await db.query('begin');
    await db.query(`set local role authenticated`);
    await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: BENCH_THERAPIST.id, role: 'authenticated' })]);
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(
      `explain analyze select id, full_name from public.clients order by full_name, id limit 1001`,
    );
    await db.query('rollback');
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
  console.log(`plan of the client-choices query with 100,000 other clients:\n${plan}`);
  await withDb(connection.a.dbUrl, (db) => db.query(`delete from public.clients where email like 'synced%@partner.test'`));
  }

  if (chosen.has('sync')) {
    await createPartnerPeople(connection.b.dbUrl, 100_000, 'whatif-sync');
    const { projectA, projectB } = service;
    const seconds = (startedAt: number) => ((performance.now() - startedAt) / 1000).toFixed(2);
    const listUsers = async (perPage: number) => {
      const startedAt = performance.now();
      let n = 0;
      for (let page = 1; ; page += 1) {
        const { data, error } = await projectB.auth.admin.listUsers({ page, perPage });
        if (error) throw new Error(error.message);
        n += data.users.length;
        if (data.users.length < perPage) break;
      }
      return `${seconds(startedAt)} s for ${n.toLocaleString('en-US')}`;
    };
    console.log('what a bulk sync of 100,000 people has to move on this stack');
    console.log(`  B users, auth admin listUsers, 1,000 per page   ${await listUsers(1000)}`);
    console.log(`  B users, auth admin listUsers, 5,000 per page   ${await listUsers(5000)}`);
    let startedAt = performance.now();
    const profiles: { id: string; name: string | null; updated_at: string }[] = [];
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const { data, error } = await projectB.from('profiles').select('id, name, age, gender_identity, updated_at').gt('id', after).order('id').limit(1000);
      if (error) throw new Error(error.message);
      if (!data.length) break;
      profiles.push(...data);
      after = (data.at(-1) as { id: string }).id;
    }
    console.log(`  B profiles, PostgREST keyset pages of 1,000     ${seconds(startedAt)} s for ${profiles.length.toLocaleString('en-US')}`);
    startedAt = performance.now();
    for (let i = 0; i < profiles.length; i += 1000) {
      const rows = profiles.slice(i, i + 1000).map((p) => ({
        id: p.id,
        full_name: p.name ?? 'Unnamed person',
        origin: 'project_b' as const,
        synced_at: new Date().toISOString(),
        source_updated_at: p.updated_at,
      }));
      const { error } = await projectA.from('clients').upsert(rows, { onConflict: 'id', ignoreDuplicates: true });
      if (error) throw new Error(error.message);
    }
    console.log(`  A clients, upsert in batches of 1,000           ${seconds(startedAt)} s`);
    startedAt = performance.now();
    let read = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const { data, error } = await projectA.from('clients').select('id, source_updated_at').gt('id', after).order('id').limit(1000);
      if (error) throw new Error(error.message);
      if (!data.length) break;
      read += data.length;
      after = (data.at(-1) as { id: string }).id;
    }
    console.log(`  A clients, PostgREST keyset pages of 1,000      ${seconds(startedAt)} s for ${read.toLocaleString('en-US')}`);
  }
} finally {
  await stack.stop();
}
