import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@/lib/observability/log';
import { syncAllWhenFree } from '@/lib/testing/bulk-runs';
import { countSyncedInA, generatePartnerPeople, syncEveryoneElse } from '@/lib/testing/partner-people';
import { createPartnerPerson, serviceClients, sql, updatePartnerProfile } from '@/lib/testing/stack-clients';
import type { ServiceClients } from '@/lib/supabase/clients';
import { syncClientById } from './sync-clients';
import { getSyncStatus } from './sync-status';

let clients: ServiceClients;

beforeAll(() => {
  clients = serviceClients();
});

describe('bulk sync', () => {
  it('copies 1,000 generated Project B people, then a second run finds all of them unchanged', async () => {
    await syncEveryoneElse();
    const people = await generatePartnerPeople(1000);
    const ids = people.map((p) => p.id);
    expect(await countSyncedInA(ids)).toBe(0);

    const first = await syncAllWhenFree(clients, { source: 'cli', log: silentLogger });

    expect(first).toMatchObject({ status: 'succeeded', created: 1000, updated: 0, conflicts: 0, errors: 0 });
    expect(first.scanned).toBe(first.total);
    expect(first.unchanged).toBe(first.scanned - 1000);
    expect(first.elapsedMs).toBeGreaterThan(0);
    expect(await countSyncedInA(ids)).toBe(1000);
    const sample = people[500]!;
    const [copy] = await sql('a', 'select full_name, email, origin, phone, notes from public.clients where id = $1', [sample.id]);
    expect(copy).toEqual({ full_name: sample.name, email: sample.email, origin: 'project_b', phone: null, notes: 'Synced from Project B' });
    const copies = await sql<{ n: string }>(
      'a',
      `select count(*) as n from public.client_audit_events where action = 'copy' and client_id = any($1::uuid[]) and run_id = $2`,
      [ids, first.runId],
    );
    expect(Number(copies[0]?.n)).toBe(1000);

    const second = await syncAllWhenFree(clients, { source: 'cli', log: silentLogger });

    expect(second).toMatchObject({ status: 'succeeded', created: 0, updated: 0, conflicts: 0, errors: 0, scanned: first.scanned });
    expect(second.unchanged).toBe(second.scanned);
    expect(second.unchanged).toBeGreaterThanOrEqual(1000);
    const [run] = await sql('a', 'select status, total, scanned, created, unchanged, finished_at from public.sync_runs where id = $1', [
      second.runId,
    ]);
    expect(run).toMatchObject({ status: 'succeeded', total: second.total, scanned: second.scanned, created: 0, unchanged: second.unchanged });
    expect(run?.finished_at).toBeInstanceOf(Date);
  });

  it('reads B in small batches and pages with the same result (keyset ranges leave no one out)', async () => {
    await syncEveryoneElse();
    const people = await generatePartnerPeople(37, 'small-pages');
    const report = await syncAllWhenFree(clients, { source: 'cli', batchSize: 7, accountPageSize: 50, concurrency: 2, log: silentLogger });
    expect(report).toMatchObject({ status: 'succeeded', created: 37, errors: 0 });
    expect(report.scanned).toBe(report.total);
    expect(await countSyncedInA(people.map((p) => p.id))).toBe(37);
  });

  it('writes nothing on a dry run, not even a run row', async () => {
    await syncEveryoneElse();
    const people = await generatePartnerPeople(5, 'dry-run');
    const label = `dry-run-${randomUUID()}`;

    const report = await syncAllWhenFree(clients, { source: 'cli', actorLabel: label, dryRun: true, log: silentLogger });

    expect(report).toMatchObject({ dryRun: true, runId: null, created: 5, updated: 0, errors: 0 });
    expect(await countSyncedInA(people.map((p) => p.id))).toBe(0);
    // Other files' runs may come and go meanwhile: look only for a row this run would have made.
    expect(await sql('a', 'select id from public.sync_runs where actor_label = $1', [label])).toEqual([]);
  });
});

describe('refreshing a synced person', () => {
  it('takes the new name and e-mail from B and keeps phone, date of birth, notes and status from A', async () => {
    await syncEveryoneElse();
    const settled = await getSyncStatus(clients);
    const person = await createPartnerPerson(clients.projectB, { name: 'Dana Original' });
    expect((await syncClientById(clients, person.id, { source: 'api', log: silentLogger })).outcome).toBe('created');
    await sql(
      'a',
      `update public.clients set phone = '+44 20 7946 0999', date_of_birth = '1991-02-03', notes = 'Practice note: prefers evenings', status = 'inactive'
       where id = $1`,
      [person.id],
    );
    const newEmail = `renamed-${randomUUID().slice(0, 8)}@partner.test`;
    await updatePartnerProfile(person.id, { name: 'Dana Renamed' });
    const emailChange = await clients.projectB.auth.admin.updateUserById(person.id, { email: newEmail });
    expect(emailChange.error).toBeNull();
    const [profile] = await sql<{ updated_at: Date }>('b', 'select updated_at from public.profiles where id = $1', [person.id]);

    const stale = await getSyncStatus(clients);
    expect(stale.stale).toBe(settled.stale + 1);
    const report = await syncAllWhenFree(clients, { source: 'bulk', log: silentLogger });

    expect(report).toMatchObject({ updated: 1, created: 0, errors: 0 });
    const [client] = await sql('a', 'select * from public.clients where id = $1', [person.id]);
    expect(client).toMatchObject({
      full_name: 'Dana Renamed',
      email: newEmail,
      phone: '+44 20 7946 0999',
      notes: 'Practice note: prefers evenings',
      status: 'inactive',
      origin: 'project_b',
    });
    expect((client?.date_of_birth as Date).toISOString().slice(0, 10)).toBe('1991-02-03');
    expect((client?.source_updated_at as Date).toISOString()).toBe(profile?.updated_at.toISOString());
    const [audit] = await sql<{ source: string; detail: Record<string, { from: string; to: string }> }>(
      'a',
      `select source, detail from public.client_audit_events where client_id = $1 and action = 'refresh'`,
      [person.id],
    );
    expect(audit?.source).toBe('bulk');
    expect(audit?.detail.full_name).toEqual({ from: 'Dana Original', to: 'Dana Renamed' });
    expect(audit?.detail.email).toEqual({ from: person.email, to: newEmail });

    expect((await syncClientById(clients, person.id, { source: 'api', log: silentLogger })).outcome).toBe('unchanged');
    const status = await getSyncStatus(clients);
    expect(status.stale).toBe(settled.stale);
  });

  it('picks up an e-mail changed in B auth alone (the profile stamp did not move)', async () => {
    const person = await createPartnerPerson(clients.projectB);
    await syncClientById(clients, person.id, { source: 'api', log: silentLogger });
    const newEmail = `moved-${randomUUID().slice(0, 8)}@partner.test`;
    await clients.projectB.auth.admin.updateUserById(person.id, { email: newEmail });

    const result = await syncClientById(clients, person.id, { source: 'api', log: silentLogger });

    expect(result.outcome).toBe('updated');
    const [client] = await sql<{ email: string }>('a', 'select email from public.clients where id = $1', [person.id]);
    expect(client?.email).toBe(newEmail);
  });
});

describe('orphans', () => {
  it('reports a synced person whose B account was deleted, and never deletes the copy in A', async () => {
    const person = await createPartnerPerson(clients.projectB);
    await syncClientById(clients, person.id, { source: 'api', log: silentLogger });
    const before = await getSyncStatus(clients);

    const deleted = await clients.projectB.auth.admin.deleteUser(person.id);
    expect(deleted.error).toBeNull();

    const after = await getSyncStatus(clients);
    expect(after.orphans).toBe(before.orphans + 1);
    expect(after.sourcePeople).toBe(before.sourcePeople - 1);
    expect(after.synced).toBe(before.synced - 1);
    const report = await syncAllWhenFree(clients, { source: 'cli', log: silentLogger });
    expect(report.orphans).toBe(after.orphans);
    const single = await syncClientById(clients, person.id, { source: 'api', log: silentLogger });
    expect(single).toMatchObject({ outcome: 'not_found', orphan: true });
    expect(await countSyncedInA([person.id])).toBe(1);
  });

  it('lists orphan ids in the status, lowest first', async () => {
    // An id that sorts before any random UUID, so it is inside the status' sample.
    const id = `00000000-0000-4000-8000-${randomUUID().slice(-12)}`;
    await sql('a', `insert into public.clients (id, full_name, origin, synced_at) values ($1, 'Gone From B', 'project_b', now())`, [id]);
    const status = await getSyncStatus(clients);
    expect(status.orphanIds).toContain(id);
  });
});

describe('a practice client holding a B person’s UUID', () => {
  it('is never overwritten: the sync counts it as an error', async () => {
    const person = await createPartnerPerson(clients.projectB, { name: 'Would Overwrite' });
    await sql('a', `insert into public.clients (id, full_name, origin) values ($1, 'Practice Owner', 'native')`, [person.id]);

    const result = await syncClientById(clients, person.id, { source: 'api', log: silentLogger });

    expect(result.outcome).toBe('id_taken');
    expect(result.report.errors).toBe(1);
    const [client] = await sql('a', 'select full_name, origin from public.clients where id = $1', [person.id]);
    expect(client).toEqual({ full_name: 'Practice Owner', origin: 'native' });
    await sql('a', 'delete from public.clients where id = $1', [person.id]);
  });
});
