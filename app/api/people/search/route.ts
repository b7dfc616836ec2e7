import { NextResponse, type NextRequest } from 'next/server';
import { getVisitor } from '@/lib/auth/session';
import { NOT_A_MEMBER_MESSAGE } from '@/lib/auth/therapist';
import { searchPeople } from '@/lib/clients/search-people';
import { logEvent } from '@/lib/observability/log';
import { createServerSupabase } from '@/lib/supabase/server';
import { getServiceClients } from '@/lib/supabase/service';

const NO_STORE = { 'cache-control': 'private, no-store' };

/** GET /api/people/search?q= — the booking picker's search; for active members only (B's e-mails are in it). */
export async function GET(request: NextRequest) {
  const visitor = await getVisitor();
  if (visitor.status === 'signed_out') return NextResponse.json({ error: 'Sign in to search clients.' }, { status: 401, headers: NO_STORE });
  if (visitor.status === 'not_a_member') return NextResponse.json({ error: NOT_A_MEMBER_MESSAGE }, { status: 403, headers: NO_STORE });
  const { therapist } = visitor;

  const query = request.nextUrl.searchParams.get('q') ?? '';
  try {
    const found = await searchPeople({ user: await createServerSupabase(), projectB: getServiceClients().projectB }, query);
    return NextResponse.json(found, { headers: NO_STORE });
  } catch (error) {
    logEvent('booking.search_failed', { level: 'error', therapistId: therapist.id, detail: error instanceof Error ? error.message : String(error) });
    return NextResponse.json({ error: 'Search is not available right now. Try again.' }, { status: 503 });
  }
}
