import { NextResponse, type NextRequest } from 'next/server';
import { getTherapist } from '@/lib/auth/session';
import { searchPeople } from '@/lib/clients/search-people';
import { logEvent } from '@/lib/observability/log';
import { createServerSupabase } from '@/lib/supabase/server';
import { getServiceClients } from '@/lib/supabase/service';

export async function GET(request: NextRequest) {
  const therapist = await getTherapist();
  if (!therapist) return NextResponse.json({ error: 'Sign in to search clients.' }, { status: 401 });

  const query = request.nextUrl.searchParams.get('q') ?? '';
  try {
    const found = await searchPeople({ user: await createServerSupabase(), projectB: getServiceClients().projectB }, query);
    return NextResponse.json(found, { headers: { 'cache-control': 'private, no-store' } });
  } catch (error) {
    logEvent('booking.search_failed', { level: 'error', therapistId: therapist.id, detail: error instanceof Error ? error.message : String(error) });
    return NextResponse.json({ error: 'Search is not available right now. Try again.' }, { status: 503 });
  }
}
