import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { SessionStatusBadge } from '@/app/_components/badges';
import { requireTherapist } from '@/lib/auth/session';
import { SESSION_STATUSES, SESSION_STATUS_LABELS, SESSION_TYPE_LABELS } from '@/lib/booking/session-options';
import { listClientChoices } from '@/lib/clients/clients';
import { formatDateTime } from '@/lib/format/date-time';
import { getSession, listSessions } from '@/lib/sessions/list-sessions';
import { parseSessionsQuery, type SessionsQuery } from '@/lib/sessions/sessions.schema';
import { createServerSupabase } from '@/lib/supabase/server';
import { SessionRowActions } from './session-row-actions';

export const metadata: Metadata = { title: 'Sessions · CareBridge' };

const PAGE_SIZE = 20;

function sessionsHref(query: Partial<Pick<SessionsQuery, 'tab' | 'clientId' | 'status' | 'cursor'>>): string {
  const params = new URLSearchParams();
  if (query.tab && query.tab !== 'upcoming') params.set('tab', query.tab);
  if (query.clientId) params.set('clientId', query.clientId);
  if (query.status) params.set('status', query.status);
  if (query.cursor) params.set('cursor', query.cursor);
  const search = params.toString();
  return search ? `/sessions?${search}` : '/sessions';
}

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const therapist = await requireTherapist();
  const query = parseSessionsQuery(await searchParams);
  const supabase = await createServerSupabase();
  const [page, clients, booked] = await Promise.all([
    listSessions(supabase, {
      therapistId: therapist.id,
      scope: query.tab,
      clientId: query.clientId,
      status: query.status,
      cursor: query.cursor,
      limit: PAGE_SIZE,
    }),
    listClientChoices(supabase),
    query.booked ? getSession(supabase, query.booked) : Promise.resolve(null),
  ]);

  const filtered = Boolean(query.clientId || query.status);
  const filters = { clientId: query.clientId, status: query.status };
  const tabLabel = query.tab === 'upcoming' ? 'Upcoming' : 'Past';

  return (
    <>
      <div className="page-header">
        <h1>Sessions</h1>
        <Link className="button primary" href="/sessions/new" data-test="book-session">
          Book a session
        </Link>
      </div>

      {booked ? (
        <p className="notice success" role="status" data-test="booked-banner">
          Session booked: {booked.client?.fullName ?? 'client'}, {formatDateTime(booked.startsAt, therapist.timeZone)}.
        </p>
      ) : null}

      <nav className="tabs" aria-label="Sessions by time">
        <Link
          href={sessionsHref({ tab: 'upcoming', ...filters })}
          aria-current={query.tab === 'upcoming' ? 'page' : undefined}
          data-test="tab-upcoming"
        >
          Upcoming
        </Link>
        <Link href={sessionsHref({ tab: 'past', ...filters })} aria-current={query.tab === 'past' ? 'page' : undefined} data-test="tab-past">
          Past
        </Link>
      </nav>

      <Form action="/sessions" className="row filters" role="search" aria-label="Filter sessions" data-test="session-filters">
        {query.tab !== 'upcoming' ? <input type="hidden" name="tab" value={query.tab} /> : null}
        <div className="field">
          <label htmlFor="filter-client">Client</label>
          <select id="filter-client" name="clientId" defaultValue={query.clientId ?? ''} data-test="filter-client">
            <option value="">All clients</option>
            {clients.map((client) => (
              <option key={client.id} value={client.id}>
                {client.fullName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={query.status ?? ''} data-test="filter-status">
            <option value="">Any status</option>
            {SESSION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {SESSION_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" data-test="apply-filters">
          Apply filters
        </button>
        {filtered ? (
          <Link className="button ghost" href={sessionsHref({ tab: query.tab })} data-test="clear-filters">
            Clear filters
          </Link>
        ) : null}
      </Form>

      {page.sessions.length === 0 ? (
        <div className="card empty" data-test="sessions-empty">
          {query.cursor ? (
            <>
              <p>No more sessions.</p>
              <Link href={sessionsHref({ tab: query.tab, ...filters })}>Back to the first page</Link>
            </>
          ) : filtered ? (
            <>
              <p>No {tabLabel.toLowerCase()} sessions match these filters.</p>
              <Link href={sessionsHref({ tab: query.tab })}>Clear filters</Link>
            </>
          ) : (
            <>
              <p>{query.tab === 'upcoming' ? 'No upcoming sessions.' : 'No past sessions yet.'}</p>
              <Link className="button primary" href="/sessions/new" data-test="empty-book-session">
                Book a session
              </Link>
            </>
          )}
        </div>
      ) : (
        <div className="table-wrap">
          <table data-test="sessions-table">
            <caption className="visually-hidden">
              {tabLabel} sessions, times in {therapist.timeZone}
            </caption>
            <thead>
              <tr>
                <th scope="col">Date and time</th>
                <th scope="col">Client</th>
                <th scope="col">Type</th>
                <th scope="col">Duration</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.sessions.map((session) => {
                const when = formatDateTime(session.startsAt, therapist.timeZone);
                const clientName = session.client?.fullName ?? 'Unknown client';
                return (
                  <tr key={session.id} data-test="session-row" data-session-id={session.id}>
                    <td>
                      <time dateTime={session.startsAt}>{when}</time>
                    </td>
                    <td>{session.client ? <Link href={`/clients/${session.client.id}`}>{clientName}</Link> : clientName}</td>
                    <td>{SESSION_TYPE_LABELS[session.sessionType]}</td>
                    <td>{session.durationMinutes} min</td>
                    <td>
                      <SessionStatusBadge status={session.status} />
                    </td>
                    <td>
                      <SessionRowActions
                        sessionId={session.id}
                        scheduled={session.status === 'scheduled'}
                        allowNoShow={query.tab === 'past'}
                        label={`${clientName}, ${when}`}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <p className="muted">Times are shown in {therapist.timeZone}.</p>

      {query.cursor || page.nextCursor ? (
        <nav className="pagination" aria-label="Pages">
          {query.cursor ? <Link href={sessionsHref({ tab: query.tab, ...filters })}>First page</Link> : <span />}
          {page.nextCursor ? (
            <Link href={sessionsHref({ tab: query.tab, ...filters, cursor: page.nextCursor })} rel="next" data-test="next-page">
              {query.tab === 'upcoming' ? 'Later sessions' : 'Earlier sessions'}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
