import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="auth-page">
      <section className="card auth-card" data-test="forbidden">
        <h1>Not allowed</h1>
        <p>This page is for practice admins. Ask an admin if you need it.</p>
        <Link className="button" href="/sessions">
          Back to sessions
        </Link>
      </section>
    </main>
  );
}
