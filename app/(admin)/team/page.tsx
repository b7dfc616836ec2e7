import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { requireTherapist } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format/date-time';
import { createServerSupabase } from '@/lib/supabase/server';
import { listTeam, listTeamHistory } from '@/lib/team/roster';
import { describeTeamEvent } from '@/lib/team/team-history';
import { MEMBER_ROLE_LABELS } from '@/lib/team/team.schema';
import { timeZoneOptions } from '@/lib/team/time-zone.schema';
import { AddMemberForm } from './add-member-form';
import { MemberRowActions } from './member-row-actions';

export const metadata: Metadata = { title: 'Team · CareBridge' };

export default async function TeamPage() {
  const admin = await requireTherapist();
  // The layout answers 403 first; a page never trusts that alone.
  if (!admin.isAdmin) forbidden();

  // Read as the admin: the roster function and the history's RLS both check that again.
  const supabase = await createServerSupabase();
  const [team, history] = await Promise.all([listTeam(supabase), listTeamHistory(supabase)]);
  const names = new Map(team.map((member) => [member.id, member.displayName]));
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? 'A former account') : 'The system');

  return (
    <>
      <div className="page-header">
        <h1>Team</h1>
      </div>

      <section aria-labelledby="members-heading" className="stack">
        <h2 id="members-heading">Therapists</h2>
        {team.length === 0 ? (
          <div className="card empty" data-test="team-empty">
            <p>Nobody is on the team yet.</p>
          </div>
        ) : (
          <div className="table-wrap">
            <table data-test="team-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Role</th>
                  <th scope="col">Time zone</th>
                  <th scope="col">Status</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {team.map((member) => (
                  <tr
                    key={member.id}
                    data-test="member-row"
                    data-member-id={member.id}
                    data-email={member.email ?? ''}
                    data-active={member.active}
                    data-invitation-pending={member.invitationPending}
                  >
                    <td>
                      {member.displayName}
                      {member.id === admin.id ? <span className="muted"> (you)</span> : null}
                    </td>
                    <td>{member.email ?? <span className="muted">no account</span>}</td>
                    <td data-test="member-role">{MEMBER_ROLE_LABELS[member.role]}</td>
                    <td>{member.timeZone}</td>
                    <td data-test="member-status">
                      <span className="badge">{member.invitationPending ? 'Invited' : member.active ? 'Active' : 'Deactivated'}</span>
                      {member.invitationPending ? <span className="muted"> · waiting for them to set a password</span> : null}
                      {member.active && member.mustChoosePassword ? <span className="muted"> · has not chosen a password yet</span> : null}
                    </td>
                    <td>
                      <MemberRowActions
                        memberId={member.id}
                        name={member.displayName}
                        role={member.role}
                        active={member.active}
                        invitationPending={member.invitationPending}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="add-heading" className="stack">
        <h2 id="add-heading">Add therapist</h2>
        <AddMemberForm timeZones={timeZoneOptions(admin.timeZone)} defaultTimeZone={admin.timeZone} />
      </section>

      <section aria-labelledby="history-heading" className="stack">
        <h2 id="history-heading">History</h2>
        {history.length === 0 ? (
          <div className="card empty" data-test="team-history-empty">
            <p>No changes yet.</p>
          </div>
        ) : (
          <div className="table-wrap">
            <table data-test="team-history">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Member</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {history.map((event) => (
                  <tr key={event.id} data-test="team-event" data-member-id={event.memberId} data-action={event.action}>
                    <td>{formatDateTime(event.occurredAt, admin.timeZone)}</td>
                    <td>{nameOf(event.actorId)}</td>
                    <td>{nameOf(event.memberId)}</td>
                    <td>{describeTeamEvent(event)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
