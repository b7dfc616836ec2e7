import { SESSION_STATUS_LABELS, type SessionStatus } from '@/lib/booking/session-options';
import type { ClientOrigin } from '@/lib/clients/client-options';
import { formatDate } from '@/lib/format/date-time';

/** Where a client came from: the practice itself, or a copy of a Project B person. */
export function OriginBadge({ origin, syncedAt, timeZone }: { origin: ClientOrigin; syncedAt: string | null; timeZone: string }) {
  if (origin === 'project_b') {
    return (
      <span className="badge project-b" data-test="badge-project-b">
        Synced from Project B{syncedAt ? ` · ${formatDate(syncedAt, timeZone)}` : ''}
      </span>
    );
  }
  return (
    <span className="badge practice" data-test="badge-practice">
      Practice
    </span>
  );
}

export function SessionStatusBadge({ status }: { status: SessionStatus }) {
  return (
    <span className={`badge status-${status}`} data-test="session-status">
      {SESSION_STATUS_LABELS[status]}
    </span>
  );
}
