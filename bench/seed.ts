/**
 * Test data written straight into Postgres as the superuser: thousands of rows
 * in seconds, before any clock starts. Shapes mirror the seed.sql of each project.
 */
import pg from 'pg';
import { partnerSignUpsSql } from '@/lib/testing/partner-sign-ups';

export async function withDb<T>(dbUrl: string, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

export const BENCH_EMAIL_DOMAIN = 'bench.test';
const GENDERS = ['woman', 'man', 'non-binary', null];
const batchCounters = new Map<string, number>();

/**
 * People who signed up in Project B: an auth user each, and the profile B's
 * trigger makes for every sign-up (named from the metadata), then age and
 * gender as a partner app would fill them in. One bcrypt hash for all: B's
 * passwords are never used here, and hashing 100,000 would take minutes.
 *
 * Sign-ups arrive one at a time, so each gets its own created_at (a
 * millisecond apart). `imported: true` gives the whole call one created_at
 * instead, as a bulk import does; GoTrue's admin list then skips many of them
 * (it orders by created_at alone), which is what the roster has to make up for.
 */
export async function createPartnerPeople(dbUrl: string, count: number, tag: string, options: { imported?: boolean } = {}): Promise<string[]> {
  if (count <= 0) return [];
  const batch = (batchCounters.get(tag) ?? 0) + 1;
  batchCounters.set(tag, batch);
  const prefix = `${tag}-${batch}-`;
  return withDb(dbUrl, async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `with params as (select extensions.crypt('partner-bench', extensions.gen_salt('bf', 4)) as hash)
       ${partnerSignUpsSql(`
         select gen_random_uuid() as id, $1 || lpad(n::text, 7, '0') || '@${BENCH_EMAIL_DOMAIN}' as email,
                'Bench ' || $1 || n as name, params.hash as encrypted_password,
                case when $3 then now() else now() - make_interval(secs => n / 1000.0) end as created_at
         from generate_series(1, $2::int) as n, params`)}`,
      [prefix, count, options.imported === true],
    );
    await db.query(
      `update public.profiles p
          set age = 18 + (abs(hashtext(p.id::text)) % 60),
              gender_identity = ($2::text[])[1 + abs(hashtext(p.id::text)) % 4]
         from auth.users u
        where u.id = p.id and u.email like $1 || '%'`,
      [prefix, GENDERS],
    );
    // A real B has had autovacuum over these tables; without it the planner still
    // believes them empty and every query the code under test makes pays for that.
    await db.query('vacuum analyze auth.users, public.profiles');
    return rows.map((row) => row.id);
  });
}

/** Removes every person the bench added to Project B (profiles go with their users). */
export async function deletePartnerPeople(dbUrl: string): Promise<number> {
  return withDb(dbUrl, async (db) => {
    const { rowCount } = await db.query(`delete from auth.users where email like '%@${BENCH_EMAIL_DOMAIN}'`);
    return rowCount ?? 0;
  });
}

/** Forgets every Project B person copied into A (with their sessions and care-team links). */
export async function deleteSyncedClients(dbUrl: string): Promise<number> {
  return withDb(dbUrl, async (db) => {
    await db.query('begin');
    try {
      await db.query(`delete from public.sessions s using public.clients c where c.id = s.client_id and c.origin = 'project_b'`);
      await db.query(`delete from public.care_team t using public.clients c where c.id = t.client_id and c.origin = 'project_b'`);
      const { rowCount } = await db.query(`delete from public.clients where origin = 'project_b'`);
      await db.query('commit');
      await db.query('vacuum analyze public.clients, public.care_team, public.sessions');
      return rowCount ?? 0;
    } catch (error) {
      await db.query('rollback');
      throw error;
    }
  });
}

export async function countRows(dbUrl: string, sql: string, values: unknown[] = []): Promise<number> {
  return withDb(dbUrl, async (db) => Number((await db.query<{ n: string }>(sql, values)).rows[0]?.n ?? 0));
}

export const BENCH_THERAPIST = {
  id: 'a0000000-0000-4000-8000-0000000be0c1',
  email: 'dr.bench@carebridge.test',
  password: 'carebridge-demo',
  timeZone: 'Europe/London',
};

/**
 * A third therapist with a busy practice: `clients` native clients on their
 * care team and `sessions` sessions spread evenly over two years either side
 * of now (half upcoming, half past), as in project-a/seed.sql.
 */
export async function seedBusyTherapist(dbUrl: string, clients: number, sessions: number): Promise<void> {
  // One therapist's sessions must not overlap (sessions_therapist_no_overlap): the step must outlast the longest one here, 80 min.
  if ((4 * 365 * 24 * 60) / sessions < 80) throw new Error(`at most ${Math.floor((4 * 365 * 24 * 60) / 80)} sessions fit in four years`);
  const t = BENCH_THERAPIST;
  await withDb(dbUrl, async (db) => {
    await db.query('begin');
    await db.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                               confirmation_token, recovery_token, email_change_token_new, email_change,
                               raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
               extensions.crypt($3, extensions.gen_salt('bf', 10)), now(),
               '', '', '', '',
               '{"provider": "email", "providers": ["email"]}',
               jsonb_build_object('full_name', 'Dr. Bench Mark', 'time_zone', $4::text), now(), now())`,
      [t.id, t.email, t.password, t.timeZone],
    );
    // Only the practice's members get past the dashboard's caller check.
    await db.query(`insert into public.practice_members (user_id, display_name, time_zone) values ($1, 'Dr. Bench Mark', $2)`, [t.id, t.timeZone]);
    await db.query(
      `insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
       values ($1::uuid::text, $1::uuid, jsonb_build_object('sub', $1::uuid::text, 'email', $2::text, 'email_verified', true), 'email', now(), now())`,
      [t.id, t.email],
    );
    await db.query(
      `insert into public.clients (id, full_name, email, origin, created_by)
       select ('cbe00000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid,
              'Bench Client ' || lpad(n::text, 4, '0'), 'bench.client.' || n || '@example.com', 'native', $1
       from generate_series(1, $2::int) as n`,
      [t.id, clients],
    );
    await db.query(
      `insert into public.care_team (therapist_id, client_id)
       select $1, id from public.clients where created_by = $1`,
      [t.id],
    );
    // Session i starts (i - sessions/2) * step from now: step = 4 years / sessions.
    await db.query(
      `insert into public.sessions (client_id, therapist_id, starts_at, duration_minutes, session_type, status, notes)
       select ('cbe00000-0000-4000-8000-' || lpad((1 + i % $3::int)::text, 12, '0'))::uuid, $1,
              date_trunc('minute', now()) + (i - $2::int / 2) * (interval '4 years' / $2::int),
              (array[50, 50, 60, 80])[1 + i % 4],
              (array['individual', 'individual', 'intake', 'couples', 'family', 'group'])[1 + i % 6]::public.session_type,
              case when i < $2::int / 2 then (array['completed', 'completed', 'completed', 'cancelled', 'no_show'])[1 + i % 5]
                   else 'scheduled' end::public.session_status,
              case when i % 3 = 0 then 'Bench note ' || i end
       from generate_series(0, $2::int - 1) as i`,
      [t.id, sessions, clients],
    );
    await db.query('commit');
    await db.query('analyze public.clients, public.care_team, public.sessions');
  });
}
