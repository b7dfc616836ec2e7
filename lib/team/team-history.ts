import type { Json } from '@/lib/database/project-a.types';
import type { TeamEvent } from './roster';
import { MEMBER_ROLE_LABELS, MEMBER_ROLES, type MemberRole } from './team.schema';

function field(detail: Json, key: string): Json | undefined {
  return detail !== null && typeof detail === 'object' && !Array.isArray(detail) ? detail[key] : undefined;
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

function roleLabel(value: Json | undefined): string {
  return MEMBER_ROLES.includes(value as MemberRole) ? MEMBER_ROLE_LABELS[value as MemberRole] : text(value);
}

function fromTo(detail: Json, key: string): string | null {
  const change = field(detail, key);
  if (change === undefined) return null;
  return `${text(field(change, 'from'))} → ${text(field(change, 'to'))}`;
}

/** One history line in words: what changed, from the event's `detail` as the database wrote it. */
export function describeTeamEvent(event: Pick<TeamEvent, 'action' | 'detail'>): string {
  const { detail } = event;
  switch (event.action) {
    case 'added':
      return `Added as ${roleLabel(field(detail, 'role')).toLowerCase()} (${text(field(detail, 'time_zone'))})`;
    case 'invited':
      return `Invited as ${roleLabel(field(detail, 'role')).toLowerCase()} (${text(field(detail, 'time_zone'))})`;
    case 'invitation_resent':
      return 'Invitation sent again';
    case 'activated':
      return 'Set their password and joined';
    case 'role_changed':
      return `Role: ${roleLabel(field(detail, 'from'))} → ${roleLabel(field(detail, 'to'))}`;
    case 'deactivated':
      return 'Deactivated and signed out';
    case 'reactivated':
      return 'Reactivated';
    case 'settings_changed': {
      const password = text(field(detail, 'password'));
      if (password) return password === 'chosen' ? 'Chose their own password' : 'Changed their password';
      const changes = [
        ['Name', fromTo(detail, 'display_name')],
        ['Time zone', fromTo(detail, 'time_zone')],
      ].flatMap(([label, change]) => (change ? [`${label}: ${change}`] : []));
      return changes.join('; ') || 'Settings changed';
    }
  }
}
