import { z } from 'zod';
import { uuidSchema } from '@/lib/ids';

/** The "same person" / "different people" buttons of an e-mail conflict on /sync. */
export const conflictResolutionSchema = z.object({
  conflictId: uuidSchema,
  resolution: z.enum(['same_person', 'different_people']),
});

export type ConflictResolutionField = keyof z.input<typeof conflictResolutionSchema>;
export const CONFLICT_RESOLUTION_FIELDS = ['conflictId', 'resolution'] as const satisfies readonly ConflictResolutionField[];
