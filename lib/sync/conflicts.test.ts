import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '@/lib/booking/create-session';
import { listClientChoices, listClients } from '@/lib/clients/clients';
import { silentLogger } from '@/lib/observability/log';
import type { ProjectAClient, ServiceClients } from '@/lib/supabase/clients';
import {
  createPartnerPerson,
  nextStartTime,
  serviceClients,
  signedInAs,
  signedInMember,
  sql,
  THERAPISTS,
  updatePartnerProfile,
} from '@/lib/testing/stack-clients';
import { syncAllWhenFree } from '@/lib/testing/bulk-runs';
import { listEmailConflicts, resolveEmailConflict } from './conflicts';
import { syncClientById } from './sync-clients';

let clients: ServiceClients;
let rivera: ProjectAClient;
let chen: ProjectAClient;
let outsider: ProjectAClient;

beforeAll(async () => {
  clients = serviceClients();
  rivera = await signedInAs('rivera');
  chen = await signedInAs('chen');
  // A third therapist of the practice: neither an admin nor on anyone's care team.
  outsider = (await signedInMember('dr.outsider')).supabase;
});

/** A practice client on Dr. Chen's care team and a Project B person sharing its e-mail (in another case). */
async function conflictingPair(details: { phone?: string; dateOfBirth?: string } = {}) {
  const local = `shared-${randomUUID().slice(0, 8)}`;
  const { data: native, error } = await chen.rpc('create_native_client', {
    full_name: 'Practice Record',
    email: `${local.toUpperCase()}@Example.test`,
    phone: details.phone,
    date_of_birth: details.dateOfBirth,
  });
  if (error) throw error;
  const person = await createPartnerPerson(clients.projectB, { name: 'Partner Record', email: `${local}@example.test` });
  return { native, person };
}

async function auditActions(clientId: string): Promise<string[]> {
  const rows = await sql<{ action: string; outcome: string }>(
    'a',
    'select action, outcome from public.client_audit_events where client_id = $1 order by id',
    [clientId],
  );
  return rows.map((row) => `${row.action}:${row.outcome}`);
}

describe('e-mail conflicts', () => {
  it('records a practice client and a B person with the same e-mail (any case) as a conflict, and still copies by UUID', async () => {
    const { native, person } = await conflictingPair();

    const first = await syncClientById(clients, person.id, { source: 'api', log: silentLogger });

    expect(first).toMatchObject({ outcome: 'created', report: { conflicts: 1 } });
    const [copy] = await sql('a', 'select id, full_name, origin from public.clients where id = $1', [person.id]);
    expect(copy).toEqual({ id: person.id, full_name: 'Partner Record', origin: 'project_b' });
    const [practice] = await sql('a', 'select full_name, email, linked_client_id from public.clients where id = $1', [native.id]);
    expect(practice).toEqual({ full_name: 'Practice Record', email: native.email, linked_client_id: null });

    expect(await listEmailConflicts(rivera, { clientId: person.id })).toHaveLength(1);
    // The /sync page lists them with the service role (after its own admin check), names included.
    const conflicts = await listEmailConflicts(clients.projectA, { clientId: person.id });
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      status: 'open',
      email: person.email,
      detectedVia: 'api',
      native: { id: native.id, fullName: 'Practice Record' },
      synced: { id: person.id, fullName: 'Partner Record' },
    });
    expect(await auditActions(native.id)).toContain('conflict_found:open');
    expect(await auditActions(person.id)).toEqual(['copy:created', 'conflict_found:open']);

    // Found once: a second sync of the same pair records nothing new.
    const again = await syncAllWhenFree(clients, { source: 'cli', log: silentLogger });
    expect(again.conflicts).toBe(0);
    expect(await listEmailConflicts(rivera, { clientId: person.id })).toHaveLength(1);
  });

  it('shows a conflict to the admin and the care team, and to nobody else', async () => {
    const { native, person } = await conflictingPair();
    await syncClientById(clients, person.id, { source: 'api', log: silentLogger });

    expect(await listEmailConflicts(chen, { clientId: native.id })).toHaveLength(1);
    expect(await listEmailConflicts(rivera, { clientId: native.id })).toHaveLength(1);
    expect(await listEmailConflicts(outsider, { clientId: native.id })).toHaveLength(0);
    // The care team of the practice client sees its own side only through RLS on clients.
    const [seenByChen] = await listEmailConflicts(chen, { clientId: native.id });
    expect(seenByChen?.native.fullName).toBe('Practice Record');
    expect(seenByChen?.synced.fullName).toBeNull();

    const refused = await resolveEmailConflict(outsider, seenByChen!.id, 'same_person');
    expect(refused).toMatchObject({ ok: false, outcome: 'not_found' });
    // Through the REST API the same refusal is an HTTP 404 (PostgREST's answer to PT404), never a 500.
    const raw = await outsider.rpc('resolve_email_conflict', { conflict: seenByChen!.id, resolution: 'same_person' });
    expect({ status: raw.status, code: raw.error?.code }).toEqual({ status: 404, code: 'PT404' });
    expect(await sql('a', 'select status from public.client_email_conflicts where id = $1', [seenByChen!.id])).toEqual([{ status: 'open' }]);
  });

  it('"different people": dismissed, nothing linked, and never raised again', async () => {
    const { native, person } = await conflictingPair();
    await syncClientById(clients, person.id, { source: 'api', log: silentLogger });
    const [conflict] = await listEmailConflicts(chen, { clientId: native.id });

    const resolved = await resolveEmailConflict(chen, conflict!.id, 'different_people');

    expect(resolved).toEqual({ ok: true, outcome: 'resolved', conflict: { id: conflict!.id, status: 'different_people' } });
    const [row] = await sql('a', 'select status, resolved_by, resolved_at from public.client_email_conflicts where id = $1', [conflict!.id]);
    expect(row).toMatchObject({ status: 'different_people', resolved_by: THERAPISTS.chen.id });
    expect(row?.resolved_at).toBeInstanceOf(Date);
    const [practice] = await sql('a', 'select linked_client_id from public.clients where id = $1', [native.id]);
    expect(practice?.linked_client_id).toBeNull();
    expect(await auditActions(native.id)).toContain('conflict_resolved:different_people');
    expect(await auditActions(person.id)).toContain('conflict_resolved:different_people');

    const later = await syncClientById(clients, person.id, { source: 'api', log: silentLogger });
    expect(later.report.conflicts).toBe(0);
    expect((await listEmailConflicts(rivera, { clientId: person.id, status: 'open' })).length).toBe(0);
    expect(await resolveEmailConflict(rivera, conflict!.id, 'same_person')).toMatchObject({ ok: false, outcome: 'already_resolved' });
  });

  it('"same person": the practice record points at the synced one, its care team joins it, and missing details carry over', async () => {
    const { native, person } = await conflictingPair({ phone: '+1 212 555 0199', dateOfBirth: '1987-06-05' });
    await syncClientById(clients, person.id, { source: 'api', log: silentLogger });
    const [conflict] = await listEmailConflicts(rivera, { clientId: person.id });

    const resolved = await resolveEmailConflict(rivera, conflict!.id, 'same_person');

    expect(resolved).toMatchObject({ ok: true, conflict: { status: 'same_person' } });
    const [practice] = await sql('a', 'select linked_client_id, full_name from public.clients where id = $1', [native.id]);
    expect(practice).toEqual({ linked_client_id: person.id, full_name: 'Practice Record' });
    const [synced] = await sql<{ phone: string; date_of_birth: Date; full_name: string }>(
      'a',
      'select phone, date_of_birth, full_name from public.clients where id = $1',
      [person.id],
    );
    expect(synced?.phone).toBe('+1 212 555 0199');
    expect(synced?.date_of_birth.toISOString().slice(0, 10)).toBe('1987-06-05');
    expect(synced?.full_name).toBe('Partner Record');
    // Dr. Chen had the practice record; she now sees the person as the synced client.
    const visible = await chen.from('clients').select('id').eq('id', person.id);
    expect(visible.data).toEqual([{ id: person.id }]);
    // …and the dashboards list the pair once, as the synced client.
    const listed = (await listClients(chen, { q: native.email })).clients.map((c) => c.id);
    expect(listed).toEqual([person.id]);
    const choices = (await listClientChoices(chen)).map((c) => c.id);
    expect(choices).toContain(person.id);
    expect(choices).not.toContain(native.id);
    expect(await auditActions(native.id)).toEqual(expect.arrayContaining(['link:same_person', 'conflict_resolved:same_person']));
    const [resolution] = await sql(
      'a',
      `select actor_id, source from public.client_audit_events where client_id = $1 and action = 'conflict_resolved'`,
      [person.id],
    );
    expect(resolution).toEqual({ actor_id: THERAPISTS.rivera.id, source: 'dashboard' });

    // Resolving the same way twice is harmless; a B refresh keeps the carried-over phone.
    expect(await resolveEmailConflict(rivera, conflict!.id, 'same_person')).toMatchObject({ ok: true });
    await updatePartnerProfile(person.id, { name: 'Partner Renamed' });
    await syncClientById(clients, person.id, { source: 'api', log: silentLogger });
    const [refreshed] = await sql('a', 'select full_name, phone from public.clients where id = $1', [person.id]);
    expect(refreshed).toEqual({ full_name: 'Partner Renamed', phone: '+1 212 555 0199' });
  });

  it('is found by a booking too, which still books the B person by UUID', async () => {
    const { native, person } = await conflictingPair();

    const booked = await createSession(
      { user: rivera, ...clients },
      {
        therapistId: THERAPISTS.rivera.id,
        clientId: person.id,
        startsAt: nextStartTime(),
        durationMinutes: 50,
        sessionType: 'individual',
        notes: null,
        requestId: randomUUID(),
      },
      { log: silentLogger },
    );

    expect(booked).toMatchObject({ ok: true, outcome: 'copied' });
    const [conflict] = await sql(
      'a',
      'select status, detected_via from public.client_email_conflicts where native_client_id = $1 and synced_client_id = $2',
      [native.id, person.id],
    );
    expect(conflict).toEqual({ status: 'open', detected_via: 'booking' });
  });
});
