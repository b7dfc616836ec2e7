import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '@/lib/booking/create-session';
import { INSUFFICIENT_PRIVILEGE } from '@/lib/database/postgres-errors';
import { silentLogger } from '@/lib/observability/log';
import type { ProjectAClient, ServiceClients } from '@/lib/supabase/clients';
import { createPartnerPerson, nextStartTime, serviceClients, signedInAs, sql, THERAPISTS, type TherapistKey } from '@/lib/testing/stack-clients';
import { syncAllWhenFree } from '@/lib/testing/bulk-runs';
import { describeAuditDetail, listClientAudit } from './audit';

let clients: ServiceClients;
const users = {} as Record<TherapistKey, ProjectAClient>;

beforeAll(async () => {
  clients = serviceClients();
  users.rivera = await signedInAs('rivera');
  users.chen = await signedInAs('chen');
});

function book(therapist: TherapistKey, clientId: string) {
  return createSession(
    { user: users[therapist], ...clients },
    {
      therapistId: THERAPISTS[therapist].id,
      clientId,
      startsAt: nextStartTime(),
      durationMinutes: 50,
      sessionType: 'individual',
      notes: null,
      requestId: randomUUID(),
    },
    { log: silentLogger },
  );
}

async function eventsOf(clientId: string) {
  return sql<{ action: string; outcome: string; source: string; actor_id: string | null; run_id: string | null; detail: Record<string, unknown> }>(
    'a',
    'select action, outcome, source, actor_id, run_id, detail from public.client_audit_events where client_id = $1 order by id',
    [clientId],
  );
}

describe('the audit trail', () => {
  it('records a booking’s copy and each therapist joining the care team, with who did it', async () => {
    const person = await createPartnerPerson(clients.projectB);

    expect(await book('rivera', person.id)).toMatchObject({ ok: true, outcome: 'copied' });
    expect(await book('rivera', person.id)).toMatchObject({ ok: true, outcome: 'already_linked' });
    expect(await book('chen', person.id)).toMatchObject({ ok: true, outcome: 'already_synced' });

    const events = await eventsOf(person.id);
    expect(events.map((e) => [e.action, e.outcome, e.source, e.actor_id])).toEqual([
      ['copy', 'created', 'booking', THERAPISTS.rivera.id],
      ['link', 'care_team_joined', 'booking', THERAPISTS.rivera.id],
      ['link', 'care_team_joined', 'booking', THERAPISTS.chen.id],
    ]);
    expect(events[2]?.detail).toEqual({ therapist_id: THERAPISTS.chen.id });
  });

  it('records a bulk run’s copies with the run and the admin who started it', async () => {
    const person = await createPartnerPerson(clients.projectB);

    const report = await syncAllWhenFree(clients, {
      source: 'bulk',
      actorId: THERAPISTS.rivera.id,
      actorLabel: THERAPISTS.rivera.name,
      log: silentLogger,
    });

    const events = await eventsOf(person.id);
    expect(events).toEqual([
      { action: 'copy', outcome: 'created', source: 'bulk', actor_id: THERAPISTS.rivera.id, run_id: report.runId, detail: {} },
    ]);
  });

  it('shows a client’s trail to its care team and to admins, not to other therapists', async () => {
    const person = await createPartnerPerson(clients.projectB);
    await book('chen', person.id);

    const forChen = await listClientAudit(users.chen, person.id);
    expect(forChen.map((e) => e.action)).toEqual(['link', 'copy']);
    expect(describeAuditDetail(forChen[1]!)).toBe('Copied with the same id as in Project B');
    expect(await listClientAudit(users.rivera, person.id)).toHaveLength(2);

    const practiceClientOfChen = THERAPISTS.chen.linkedClient;
    await sql('a', `insert into public.client_audit_events (client_id, action, outcome, source) values ($1, 'link', 'test', 'cli')`, [
      practiceClientOfChen,
    ]);
    const { data } = await users.rivera.from('client_audit_events').select('id').eq('client_id', practiceClientOfChen);
    expect(data?.length).toBeGreaterThan(0);
    await sql('a', `insert into public.client_audit_events (client_id, action, outcome, source) values ($1, 'link', 'test', 'cli')`, [
      THERAPISTS.rivera.linkedClient,
    ]);
    // Dr. Chen is no admin and not on Dr. Rivera's practice clients' care team.
    const hidden = await users.chen.from('client_audit_events').select('id').eq('client_id', THERAPISTS.rivera.linkedClient);
    expect(hidden.data).toEqual([]);
  });

  it('is append-only: no role may update, delete or truncate it, and a trigger refuses even the owner', async () => {
    const person = await createPartnerPerson(clients.projectB);
    await book('rivera', person.id);

    const privileges = await sql<{ role: string; can_update: boolean; can_delete: boolean; can_truncate: boolean }>(
      'a',
      `select r as role,
              has_table_privilege(r, 'public.client_audit_events', 'update') as can_update,
              has_table_privilege(r, 'public.client_audit_events', 'delete') as can_delete,
              has_table_privilege(r, 'public.client_audit_events', 'truncate') as can_truncate
       from unnest(array['anon', 'authenticated', 'service_role']) r order by r`,
    );
    for (const row of privileges) expect(row).toMatchObject({ can_update: false, can_delete: false, can_truncate: false });

    const viaApiUpdate = await clients.projectA.from('client_audit_events').update({ outcome: 'tampered' }).eq('client_id', person.id);
    expect(viaApiUpdate.error?.code).toBe(INSUFFICIENT_PRIVILEGE);
    const viaApiDelete = await clients.projectA.from('client_audit_events').delete().eq('client_id', person.id);
    expect(viaApiDelete.error?.code).toBe(INSUFFICIENT_PRIVILEGE);
    const asTherapist = await users.rivera
      .from('client_audit_events')
      .insert({ client_id: person.id, action: 'copy', outcome: 'forged', source: 'cli' });
    expect(asTherapist.error?.code).toBe(INSUFFICIENT_PRIVILEGE);

    await expect(sql('a', `update public.client_audit_events set outcome = 'tampered' where client_id = $1`, [person.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(sql('a', 'delete from public.client_audit_events where client_id = $1', [person.id])).rejects.toThrow(/append-only/);
    await expect(sql('a', 'truncate public.client_audit_events')).rejects.toThrow(/append-only/);
    expect((await eventsOf(person.id)).map((e) => e.outcome)).toEqual(['created', 'care_team_joined']);
  });
});
