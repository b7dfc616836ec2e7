import type pg from 'pg';
import type { TokenSigner } from './signing';

/** Options after defaults, shared by every route module. */
export interface AuthConfig {
  pool: pg.Pool;
  tokens: TokenSigner;
  issuer: string;
  accessTokenTtlSeconds: number;
  refreshTokenReuseIntervalSeconds: number;
  disableSignup: boolean;
  updatePasswordRequireCurrentPassword: boolean;
}

/** The audience and role GoTrue's hosted config gives every password user. */
export const AUDIENCE = 'authenticated';
export const DEFAULT_ROLE = 'authenticated';
