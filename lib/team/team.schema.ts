import { z } from 'zod';
import { timeZoneSchema } from './time-zone.schema';

export const MEMBER_ROLES = ['therapist', 'admin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = { therapist: 'Therapist', admin: 'Admin' };

export const displayNameSchema = z
  .string({ message: 'Enter a name' })
  .trim()
  .min(1, 'Enter a name')
  .max(200, 'At most 200 characters')
  .refine((name) => !name.includes('\0'), 'Remove the invisible control character');

/** How a new member first gets in: an invitation e-mail (the default), or a temporary password shown once. */
export const HANDOVERS = ['invitation', 'temporary_password'] as const;
export type HandoverKind = (typeof HANDOVERS)[number];

const roleSchema = z.enum(MEMBER_ROLES, { message: 'Choose therapist or admin' });
const memberIdSchema = z.uuid({ message: 'Unknown member' });

/** "Add therapist": the account's e-mail, the membership's name, zone and role, and how they get in (the button pressed). */
export const addMemberSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address').max(254, 'At most 254 characters')),
  displayName: displayNameSchema,
  timeZone: timeZoneSchema,
  role: roleSchema,
  handover: z.enum(HANDOVERS, { message: 'Choose an invitation or a temporary password' }),
});
export type AddMemberInput = z.output<typeof addMemberSchema>;
export type AddMemberField = keyof z.input<typeof addMemberSchema>;
export const ADD_MEMBER_FIELDS = ['email', 'displayName', 'timeZone', 'role', 'handover'] as const satisfies readonly AddMemberField[];

/** A row's role form. */
export const changeRoleSchema = z.object({ memberId: memberIdSchema, role: roleSchema });
export type ChangeRoleField = keyof z.input<typeof changeRoleSchema>;
export const CHANGE_ROLE_FIELDS = ['memberId', 'role'] as const satisfies readonly ChangeRoleField[];

/** A row's Deactivate / Reactivate button. */
export const setActiveSchema = z.object({
  memberId: memberIdSchema,
  active: z.enum(['true', 'false'], { message: 'Choose deactivate or reactivate' }).transform((value) => value === 'true'),
});
export type SetActiveField = keyof z.input<typeof setActiveSchema>;
export const SET_ACTIVE_FIELDS = ['memberId', 'active'] as const satisfies readonly SetActiveField[];

/** A pending row's "Resend invitation". */
export const resendInvitationSchema = z.object({ memberId: memberIdSchema });
export type ResendInvitationField = keyof z.input<typeof resendInvitationSchema>;
export const RESEND_INVITATION_FIELDS = ['memberId'] as const satisfies readonly ResendInvitationField[];
