import type { StackConnection } from './stack';
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackConnection;
  }
}
