import type { StackConnection } from '@/supabase/local/stack';
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackConnection;
  }
}
