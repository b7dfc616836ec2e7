import { verifyVisitor } from '@/lib/auth/therapist';
import type { FormCaller } from '@/lib/forms/form-action';
import type { SignedInTherapist } from '@/lib/forms/server-action';
import { silentLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';

/**
 * The caller check the server actions make (getUser() and an active membership),
 * for a test that sends a form as `supabase`'s user without a Next request.
 */
export function formCallerFor(supabase: ProjectAClient): FormCaller<SignedInTherapist> {
  return {
    async resolve() {
      const visitor = await verifyVisitor(supabase);
      if (visitor.status === 'member') return { actor: { therapist: visitor.therapist, supabase } };
      return { refused: visitor.status === 'signed_out' ? 'not_signed_in' : 'not_a_member' };
    },
    describe: ({ therapist }) => ({ therapistId: therapist.id }),
    log: silentLogger,
  };
}
