import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { recoveryLinkSchema, type LinkProblem } from '@/lib/auth/password-reset.schema';
import { logEvent } from '@/lib/observability/log';
import { createServerSupabase } from '@/lib/supabase/server';

/**
 * The reset e-mail's link (the token-hash flow of Supabase's server-side auth guide): the
 * token is exchanged for a session here, on the server, so the link works in any browser
 * and not only in the one that asked for it. Every way out is a fixed same-site path.
 */
export async function GET(request: NextRequest): Promise<never> {
  const link = recoveryLinkSchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!link.success) {
    logEvent('auth.recovery_link_refused', { level: 'info', outcome: 'invalid' });
    redirect('/forgot-password?link=invalid');
  }
  const supabase = await createServerSupabase();
  const { error } = await supabase.auth.verifyOtp({ token_hash: link.data.token_hash, type: 'recovery' });
  if (!error) {
    logEvent('auth.recovery_link_used', { level: 'info' });
    redirect('/reset-password');
  }
  const problem: LinkProblem = error.code === 'otp_expired' ? 'expired' : 'failed';
  logEvent('auth.recovery_link_refused', {
    level: problem === 'failed' ? 'error' : 'info',
    outcome: problem,
    code: error.code,
    status: error.status,
  });
  redirect(`/forgot-password?link=${problem}`);
}
