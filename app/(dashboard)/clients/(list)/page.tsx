import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { OriginBadge } from '@/app/_components/badges';
import { requireTherapist } from '@/lib/auth/session';
import { CLIENT_STATUS_LABELS } from '@/lib/clients/client-options';
import { CLIENT_LIST_LIMIT, listClients } from '@/lib/clients/clients';
import { MAX_SEARCH_LENGTH, normaliseSearch } from '@/lib/clients/search-filter';
import { createServerSupabase } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Clients · CareBridge' };

export default async function ClientsPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const therapist = await requireTherapist();
  const raw = (await searchParams).q;
  const q = normaliseSearch(Array.isArray(raw) ? raw[0] : raw);
  const { clients, truncated } = await listClients(await createServerSupabase(), { q });

  return (
    <>
      <div className="page-header">
        <h1>Clients</h1>
        <Link className="button primary" href="/clients/new" data-test="new-client">
          New client
        </Link>
      </div>

      <Form action="/clients" className="search-form" role="search" aria-label="Search clients" data-test="client-search">
        <div className="field">
          <label htmlFor="client-search">Search by name or e-mail</label>
          <input
            id="client-search"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={MAX_SEARCH_LENGTH}
            autoComplete="off"
            data-test="client-search-input"
          />
        </div>
        <button type="submit" className="button">
          Search
        </button>
        {q ? (
          <Link className="button ghost" href="/clients" data-test="clear-search">
            Clear
          </Link>
        ) : null}
      </Form>

      {clients.length === 0 ? (
        <div className="card empty" data-test="clients-empty">
          {q ? (
            <>
              <p>No clients match “{q}”.</p>
              <Link href="/clients">Show all clients</Link>
            </>
          ) : (
            <>
              <p>No clients yet. Add one, or book a session with someone from Project B.</p>
              <Link className="button primary" href="/clients/new">
                New client
              </Link>
            </>
          )}
        </div>
      ) : (
        <div className="table-wrap">
          <table data-test="clients-table">
            <caption className="visually-hidden">{q ? `Clients matching “${q}”` : 'Your clients'}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Origin</th>
                <th scope="col">Status</th>
                <th scope="col">Sessions</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <tr key={client.id} data-test="client-row" data-client-id={client.id}>
                  <td>
                    <Link href={`/clients/${client.id}`} data-test="client-link">
                      {client.fullName}
                    </Link>
                  </td>
                  <td>{client.email ?? <span className="muted">—</span>}</td>
                  <td>
                    <OriginBadge origin={client.origin} syncedAt={client.syncedAt} timeZone={therapist.timeZone} />
                  </td>
                  <td>{CLIENT_STATUS_LABELS[client.status]}</td>
                  <td data-test="client-session-count">{client.sessionCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {truncated ? (
        <p className="muted" role="status">
          Showing the first {CLIENT_LIST_LIMIT} clients. Search to narrow the list.
        </p>
      ) : null}
    </>
  );
}
