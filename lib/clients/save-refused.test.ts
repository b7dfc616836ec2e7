import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_VIOLATION, DATETIME_FIELD_OVERFLOW, INSUFFICIENT_PRIVILEGE } from '@/lib/database/postgres-errors';
import type { EventContext } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { insertClientOnCareTeam, serviceClients, signedInAs, sql, THERAPISTS } from '@/lib/testing/stack-clients';
import { createNativeClient, SAVE_CLIENT_MESSAGES, updateClient } from './clients';

/*
 * The therapist sees a fixed message when the database refuses a save; the
 * database's own code and wording must still reach the log, with what was
 * being saved. These saves go straight to the data layer, past the form's
 * checks, so the database is the one refusing.
 */

let rivera: ProjectAClient;
let service: ProjectAClient;
const run = randomUUID().slice(0, 8);
const created: string[] = [];

beforeAll(async () => {
  rivera = await signedInAs('rivera');
  service = serviceClients().projectA;
});

afterAll(async () => {
  if (created.length) await sql('a', 'delete from public.clients where id = any($1::uuid[])', [created]);
});

function captureEvents() {
  const events: { event: string; context: EventContext }[] = [];
  return { events, log: (event: string, context: EventContext) => events.push({ event, context }) };
}

async function ownClient(row: { full_name: string; origin?: 'native' | 'project_b'; email?: string }): Promise<string> {
  const id = await insertClientOnCareTeam(service, { ...row, therapists: [THERAPISTS.rivera.id] });
  created.push(id);
  return id;
}

async function storedClient(id: string) {
  const [row] = await sql('a', 'select * from public.clients where id = $1', [id]);
  return row;
}

describe('a save the database refuses', () => {
  it('create: a CHECK violation answers "invalid", logs code and constraint, and writes nothing', async () => {
    const { events, log } = captureEvents();
    const fullName = `Too Old ${run}`;

    const result = await createNativeClient(rivera, { fullName, email: null, phone: null, dateOfBirth: '1850-01-01', notes: null }, { log });

    expect(result).toEqual({ ok: false, outcome: 'invalid', message: SAVE_CLIENT_MESSAGES.invalid });
    expect(events).toEqual([
      {
        event: 'clients.save_refused',
        context: expect.objectContaining({ level: 'warn', operation: 'create', outcome: 'invalid', code: CHECK_VIOLATION }),
      },
    ]);
    expect(events[0]?.context.detail).toContain('clients_date_of_birth_check');
    expect(await sql('a', 'select 1 from public.clients where full_name = $1', [fullName])).toEqual([]);
  });

  it('update: a value the database cannot read answers "failed", logs it as an error with the client id, and changes nothing', async () => {
    const id = await ownClient({ full_name: `Keep ${run}` });
    const before = await storedClient(id);
    const { events, log } = captureEvents();

    const result = await updateClient(
      rivera,
      id,
      { fullName: `Keep ${run}`, email: null, phone: null, dateOfBirth: '1990-02-30', notes: null, status: 'active' },
      { log },
    );

    expect(result).toEqual({ ok: false, outcome: 'failed', message: SAVE_CLIENT_MESSAGES.failed });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event: 'clients.save_refused',
      context: { level: 'error', operation: 'update', clientId: id, outcome: 'failed', code: DATETIME_FIELD_OVERFLOW },
    });
    expect(events[0]?.context.detail).toContain('1990-02-30');
    expect(await storedClient(id)).toEqual(before);
  });

  it('update: a synced client’s name refused by the trigger is logged as source_owned', async () => {
    const id = await ownClient({ full_name: `Synced ${run}`, origin: 'project_b', email: `synced.${run}@partner.test` });
    const { events, log } = captureEvents();

    // The form leaves name and e-mail out for a synced client; the data layer is called with them to reach the trigger.
    const direct = await updateClient(
      rivera,
      id,
      { fullName: 'Renamed in A', email: null, phone: null, dateOfBirth: null, notes: null, status: 'active' },
      { log },
    );
    expect(direct).toEqual({ ok: false, outcome: 'source_owned', message: SAVE_CLIENT_MESSAGES.source_owned });
    expect(events).toEqual([
      {
        event: 'clients.save_refused',
        context: expect.objectContaining({ level: 'warn', operation: 'update', clientId: id, code: INSUFFICIENT_PRIVILEGE }),
      },
    ]);

    // An edit the database accepts logs nothing.
    const accepted = await updateClient(rivera, id, { phone: '0123', dateOfBirth: null, notes: null, status: 'active' }, { log });
    expect(accepted).toEqual({ ok: true, outcome: 'saved', client: { id } });
    expect(events).toHaveLength(1);
  });
});
