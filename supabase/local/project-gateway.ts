import pg from 'pg';
import { createApiKeyGate } from './api-keys';
import type { MailSettings } from './auth/mailer';
import { createAuthService } from './auth/server';
import { createTokenSigner } from './auth/signing';
import { startGateway, type RunningGateway } from './gateway';
import type { JwtSigning, ProjectKeys } from './keys';

export interface ProjectGatewayOptions {
  port: number;
  keys: ProjectKeys;
  signing: JwtSigning;
  /** Superuser connection string of the project's database, for the auth service. */
  dbUrl: string;
  postgrestSocket: string;
  /** Refuse POST /auth/v1/signup, as a hosted project with "Allow new users to sign up" off does. */
  disableSignup?: boolean;
  /** The outbox and link settings of this project's auth server. */
  mail?: MailSettings;
}

/**
 * A project's public URL: gateway plus its auth service. Tests start a second
 * one over a running project to stop it mid-test and watch the app cope.
 */
export async function startProjectGateway(options: ProjectGatewayOptions): Promise<RunningGateway> {
  const pool = new pg.Pool({ connectionString: options.dbUrl, max: 10 });
  // An idle connection dropped by Postgres (a restart, or a shutdown signal that
  // reached the whole process group first) is replaced on next use; it must not crash the stack.
  pool.on('error', (error) => console.error(`[auth] idle database connection lost: ${error.message}`));
  const signingKeys = {
    jwtSecret: options.keys.jwtSecret,
    signingKey: options.signing === 'asymmetric' ? options.keys.signingKey : undefined,
  };
  const auth = createAuthService({
    pool,
    ...signingKeys,
    issuer: `http://127.0.0.1:${options.port}/auth/v1`,
    disableSignup: options.disableSignup,
    // The setting the README asks hosted projects to turn on.
    updatePasswordRequireCurrentPassword: true,
    mail: options.mail,
  });
  const apiKeys = createApiKeyGate(options.keys, createTokenSigner(signingKeys));
  try {
    const gateway = await startGateway({
      port: options.port,
      checkApiKey: (headers) => apiKeys.check(headers),
      postgrestSocket: options.postgrestSocket,
      auth,
    });
    let stopped: Promise<void> | undefined;
    return {
      ...gateway,
      stop() {
        stopped ??= gateway.stop().then(() => pool.end());
        return stopped;
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
