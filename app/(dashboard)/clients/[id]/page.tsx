import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { OriginBadge, SessionStatusBadge } from '@/app/_components/badges';
import { requireTherapist } from '@/lib/auth/session';
import { SESSION_TYPE_LABELS } from '@/lib/booking/session-options';
import { CLIENT_STATUS_LABELS } from '@/lib/clients/client-options';
import { getClient } from '@/lib/clients/clients';
import { formatCalendarDate, formatDateTime } from '@/lib/format/date-time';
import { partnerInvitesEnabled } from '@/lib/partner-invite/app-setup';
import { listClientSessions } from '@/lib/sessions/list-sessions';
import { createServerSupabase } from '@/lib/supabase/server';
import { AuditTrail } from './audit-trail';
import { ConflictPanel } from './conflict-panel';
import { InvitedRows, PartnerInvitePanel } from './partner-invite';

export const metadata: Metadata = { title: 'Client · CareBridge' };

const NOTICES = {
  created: 'Client created.',
  saved: 'Changes saved.',
  invited: 'Invited to the partner app. It has e-mailed them the invitation; name and e-mail now come from there.',
  invited_unmailed:
    'The partner-app account is made, but the partner app did not send the invitation e-mail. Send it from “Partner app” below once the partner app can send mail again.',
  invitation_sent: 'The partner app has e-mailed them the invitation.',
  already_invited: 'Already in the partner app: nothing more to do.',
} as const;

function Missing() {
  return <span className="muted">Not recorded</span>;
}

export default async function ClientPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ notice?: string | string[] }>;
}) {
  const therapist = await requireTherapist();
  const [{ id }, { notice }] = await Promise.all([params, searchParams]);
  const supabase = await createServerSupabase();
  // RLS answers "not on your care team" exactly like "no such client": both are a 404.
  const client = await getClient(supabase, id);
  if (!client) notFound();
  const sessions = await listClientSessions(supabase, { therapistId: therapist.id, clientId: client.id });
  const noticeText = typeof notice === 'string' && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null;
  const synced = client.origin === 'project_b';

  return (
    <>
      <div className="page-header">
        <h1 data-test="client-name">{client.full_name}</h1>
        <div className="row">
          <Link className="button" href={`/clients/${client.id}/edit`} data-test="edit-client">
            Edit
          </Link>
          <Link className="button primary" href={`/sessions/new?clientId=${client.id}`} data-test="book-for-client">
            Book a session
          </Link>
        </div>
      </div>

      {noticeText ? (
        <p className="notice success" role="status" data-test="client-notice">
          {noticeText}
        </p>
      ) : null}

      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading" className="visually-hidden">
          Details
        </h2>
        <dl className="details" data-test="client-details">
          <dt>Origin</dt>
          <dd>
            <OriginBadge origin={client.origin} syncedAt={client.synced_at} timeZone={therapist.timeZone} />
          </dd>
          <dt>E-mail</dt>
          <dd>{client.email ? <a href={`mailto:${client.email}`}>{client.email}</a> : <Missing />}</dd>
          <dt>Phone</dt>
          <dd>{client.phone ? <a href={`tel:${client.phone.replace(/[^\d+]/g, '')}`}>{client.phone}</a> : <Missing />}</dd>
          <dt>Date of birth</dt>
          <dd>{client.date_of_birth ? formatCalendarDate(client.date_of_birth) : <Missing />}</dd>
          <dt>Status</dt>
          <dd>{CLIENT_STATUS_LABELS[client.status]}</dd>
          <dt>Notes</dt>
          <dd>{client.notes ?? <Missing />}</dd>
          {synced ? (
            <>
              <dt>Synced</dt>
              <dd>{client.synced_at ? formatDateTime(client.synced_at, therapist.timeZone) : <Missing />}</dd>
              <dt>Updated in Project B</dt>
              <dd>{client.source_updated_at ? formatDateTime(client.source_updated_at, therapist.timeZone) : <Missing />}</dd>
              <InvitedRows clientId={client.id} therapist={therapist} />
            </>
          ) : null}
        </dl>
        {synced ? <p className="muted">Name and e-mail come from Project B and are kept up to date by the sync.</p> : null}
      </section>

      <PartnerInvitePanel client={client} enabled={partnerInvitesEnabled()} />

      <ConflictPanel clientId={client.id} therapist={therapist} />

      <h2 id="sessions-heading">Sessions with you</h2>
      {sessions.length === 0 ? (
        <div className="card empty" data-test="client-sessions-empty">
          <p>No sessions with {client.full_name} yet.</p>
          <Link className="button primary" href={`/sessions/new?clientId=${client.id}`}>
            Book a session
          </Link>
        </div>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="sessions-heading" data-test="client-sessions">
            <thead>
              <tr>
                <th scope="col">Date and time</th>
                <th scope="col">Type</th>
                <th scope="col">Duration</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.id} data-test="client-session-row">
                  <td>
                    <time dateTime={session.startsAt}>{formatDateTime(session.startsAt, therapist.timeZone)}</time>
                  </td>
                  <td>{SESSION_TYPE_LABELS[session.sessionType]}</td>
                  <td>{session.durationMinutes} min</td>
                  <td>
                    <SessionStatusBadge status={session.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Times are shown in {therapist.timeZone}.</p>
        </div>
      )}

      <AuditTrail clientId={client.id} therapist={therapist} />
    </>
  );
}
