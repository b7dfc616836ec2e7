import Link from 'next/link';

/**
 * notFound() inside the dashboard: shown within the dashboard's own <main>, so
 * the page keeps one main landmark. (With loading.tsx streaming the page, the
 * status is 200 and Next adds a noindex tag; the content is what matters here.)
 */
export default function DashboardNotFound() {
  return (
    <section className="card" data-test="not-found">
      <h1>Not found</h1>
      <p>That page does not exist, or it is not yours to see.</p>
      <Link className="button" href="/sessions">
        Back to sessions
      </Link>
    </section>
  );
}
