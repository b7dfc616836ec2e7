import Link from 'next/link';
import type { Therapist } from '@/lib/auth/therapist';
import { formatDateTime } from '@/lib/format/date-time';
import { createServerSupabase } from '@/lib/supabase/server';
import { listEmailConflicts, type EmailConflict } from '@/lib/sync/conflicts';
import { ConflictResolutionForm } from '@/app/(admin)/sync/conflict-resolution-form';
import '@/app/(admin)/sync/sync.css';

function OtherRecord({ conflict, clientId }: { conflict: EmailConflict; clientId: string }) {
  const other = conflict.native.id === clientId ? conflict.synced : conflict.native;
  const kind = other === conflict.synced ? 'the Project B person' : 'the practice client';
  // RLS hides a client on another care team: then only what it is, not who, is shown.
  if (other.fullName === null) return <>{kind} (on another care team)</>;
  return (
    <>
      {kind} <Link href={`/clients/${other.id}`}>{other.fullName}</Link>
    </>
  );
}

/**
 * E-mail conflicts this client is part of, on either side, with the two
 * resolutions. Self-contained: renders nothing when there are none.
 */
export async function ConflictPanel({ clientId, therapist }: { clientId: string; therapist: Therapist }) {
  const conflicts = await listEmailConflicts(await createServerSupabase(), { clientId, limit: 20 });
  if (conflicts.length === 0) return null;

  return (
    <section className="sync-panel card stack" aria-labelledby="conflicts-heading" data-test="conflict-panel">
      <h2 id="conflicts-heading">Same e-mail as another record</h2>
      <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {conflicts.map((conflict) => {
          // Who may resolve is checked by the database: admins, and the practice client's care team (they can see it).
          const mayResolve = therapist.isAdmin || conflict.native.fullName !== null;
          return (
            <li key={conflict.id} data-test="client-conflict" data-status={conflict.status}>
              <p>
                <strong>{conflict.email}</strong> is also the e-mail of <OtherRecord conflict={conflict} clientId={clientId} />.{' '}
                <span className="muted">Found {formatDateTime(conflict.detectedAt, therapist.timeZone)}.</span>
              </p>
              {conflict.status === 'open' ? (
                mayResolve ? (
                  <ConflictResolutionForm conflictId={conflict.id} label={conflict.email} />
                ) : (
                  <p className="muted">An admin or a therapist of the practice client can resolve this.</p>
                )
              ) : (
                <p className="badge" data-test="conflict-resolution-status">
                  {conflict.status === 'same_person' ? 'Same person: shown as one client' : 'Different people'}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
