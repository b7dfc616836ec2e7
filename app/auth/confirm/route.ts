import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { emailLinkSchema, type EmailLinkType, type LinkProblem } from '@/lib/auth/password-reset.schema';
import { logEvent } from '@/lib/observability/log';
import { createServerSupabase } from '@/lib/supabase/server';
import { getServiceClients } from '@/lib/supabase/service';
import { checkInvitedAccount } from '@/lib/team/accept-invitation';

/**
 * The link of the reset and invitation e-mails (the token-hash flow of Supabase's
 * server-side auth guide): the token is exchanged for a session here, on the server, so
 * the link works in any browser and not only in the one that asked for it. Every way out
 * is a fixed same-site path.
 */
export async function GET(request: NextRequest): Promise<never> {
  const params = Object.fromEntries(request.nextUrl.searchParams);
  const link = emailLinkSchema.safeParse(params);
  // A broken invitation link still says it was one, so its owner reads the invitation's advice.
  const type: EmailLinkType = link.success ? link.data.type : params.type === 'invite' ? 'invite' : 'recovery';
  if (!link.success) {
    logEvent('auth.email_link_refused', { level: 'info', type, outcome: 'invalid' });
    if (type === 'invite') redirect('/accept-invitation?link=invalid');
    redirect('/forgot-password?link=invalid');
  }
  const supabase = await createServerSupabase();
  const { error } = await supabase.auth.verifyOtp({ token_hash: link.data.token_hash, type });
  if (!error) {
    logEvent('auth.email_link_used', { level: 'info', type });
    if (type === 'invite') redirect('/accept-invitation');
    // Someone who opened their invitation but left before setting a password comes back through a reset link.
    const invited = await checkInvitedAccount(supabase, getServiceClients().projectA);
    if (invited.status === 'invited') redirect('/accept-invitation');
    redirect('/reset-password');
  }
  const problem: LinkProblem = error.code === 'otp_expired' ? 'expired' : 'failed';
  logEvent('auth.email_link_refused', {
    level: problem === 'failed' ? 'error' : 'info',
    type,
    outcome: problem,
    code: error.code,
    status: error.status,
  });
  if (type === 'invite') redirect(`/accept-invitation?link=${problem}`);
  redirect(`/forgot-password?link=${problem}`);
}
