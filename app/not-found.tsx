import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="auth-page">
      <section className="card auth-card">
        <h1>Not found</h1>
        <p>That page does not exist, or it is not yours to see.</p>
        <Link className="button" href="/sessions">
          Back to sessions
        </Link>
      </section>
    </main>
  );
}
