import type { Therapist } from '@/lib/auth/therapist';
import { formatDateTime } from '@/lib/format/date-time';
import { createServerSupabase } from '@/lib/supabase/server';
import { getServiceClients } from '@/lib/supabase/service';
import { AUDIT_ACTION_LABELS, AUDIT_SOURCE_LABELS, describeAuditDetail, listClientAudit, type AuditEvent } from '@/lib/sync/audit';
import '@/app/(admin)/sync/sync.css';

/** Names for the therapists in a trail; an unknown or deleted account keeps its label. */
async function actorNames(events: AuditEvent[]): Promise<Map<string, string>> {
  const ids = [...new Set(events.map((event) => event.actor_id).filter((id): id is string => id !== null))].slice(0, 20);
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const { projectA } = getServiceClients();
  await Promise.all(
    ids.map(async (id) => {
      const { data } = await projectA.auth.admin.getUserById(id);
      const meta = (data.user?.user_metadata ?? {}) as Record<string, unknown>;
      const name = typeof meta.full_name === 'string' && meta.full_name ? meta.full_name : data.user?.email;
      if (name) names.set(id, name);
    }),
  );
  return names;
}

/**
 * Who changed what about this client through the sync: copies, refreshes,
 * links, conflicts. Self-contained: it reads the trail itself, under RLS
 * (the client's care team and admins see it).
 */
export async function AuditTrail({ clientId, therapist }: { clientId: string; therapist: Therapist }) {
  const events = await listClientAudit(await createServerSupabase(), clientId, 50);
  const names = await actorNames(events);
  const who = (event: AuditEvent) => {
    if (event.actor_id === therapist.id) return 'You';
    if (event.actor_id) return names.get(event.actor_id) ?? event.actor_label ?? 'A therapist';
    return event.actor_label ?? AUDIT_SOURCE_LABELS[event.source];
  };

  return (
    <section className="sync-panel" aria-labelledby="audit-heading" data-test="audit-trail">
      <h2 id="audit-heading">Sync history</h2>
      {events.length === 0 ? (
        <p className="muted" data-test="audit-empty">
          No sync activity recorded for this client.
        </p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="audit-heading">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Detail</th>
                <th scope="col">Via</th>
                <th scope="col">Who</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} data-test="audit-row" data-action={event.action} data-source={event.source}>
                  <td>
                    <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at, therapist.timeZone)}</time>
                  </td>
                  <td>{AUDIT_ACTION_LABELS[event.action]}</td>
                  <td className="audit-detail">{describeAuditDetail(event)}</td>
                  <td>{AUDIT_SOURCE_LABELS[event.source]}</td>
                  <td>{who(event)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
