import type { ReactNode } from 'react';
import type { Therapist } from '@/lib/auth/therapist';
import { signOut } from '@/app/login/actions';
import { NavLink } from './nav-link';

/** The signed-in chrome (top bar, navigation, sign-out) that the dashboard and admin layouts both wear. */
export function AppShell({ therapist, children }: { therapist: Therapist; children: ReactNode }) {
  return (
    <div className="shell">
      <header className="topbar">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <span className="brand">CareBridge</span>
        <nav aria-label="Main">
          <NavLink href="/sessions">Sessions</NavLink>
          <NavLink href="/clients">Clients</NavLink>
          {therapist.isAdmin ? <NavLink href="/sync">Sync</NavLink> : null}
          {therapist.isAdmin ? <NavLink href="/team">Team</NavLink> : null}
          <NavLink href="/settings">Settings</NavLink>
        </nav>
        <div className="account">
          <span data-test="therapist-name">{therapist.fullName}</span>
          <form action={signOut}>
            <button type="submit" className="button ghost" data-test="sign-out">
              Sign out
            </button>
          </form>
        </div>
      </header>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}
