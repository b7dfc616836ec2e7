import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, type JWK, type JWTHeaderParameters, type JWTPayload } from 'jose';

export interface SigningKeys {
  /** The legacy HS256 secret. Always accepted for tokens without a `kid`, as GoTrue does. */
  jwtSecret: string;
  /** ES256 private JWK with a `kid`. When given, it signs every new token (asymmetric mode). */
  signingKey?: JWK;
}

/** What GoTrue publishes for a signing key: the public half, `use: sig`, `key_ops: [verify]`. */
export type PublicJwk = JWK & { kid: string; alg: string };

export interface TokenSigner {
  algorithm: 'ES256' | 'HS256';
  sign(claims: JWTPayload): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
  /** The key set a verifier (PostgREST, supabase-js `getClaims`) needs; never a secret. */
  publicKeys(): PublicJwk[];
  /** The key set for PostgREST's `jwt-secret`: the public keys plus the legacy secret as an `oct` key. */
  verificationKeySet(): { keys: JWK[] };
}

/** The key a token names with `kid` is not one of ours, and it is not a legacy HS256 token either. */
export class UnknownKeyError extends Error {
  constructor(header: JWTHeaderParameters) {
    super(`unrecognized JWT kid ${header.kid ?? '<nil>'} for algorithm ${header.alg}`);
  }
}

function publicJwkOf(privateJwk: JWK): PublicJwk {
  const { kid, alg } = privateJwk;
  if (!kid || alg !== 'ES256') throw new Error('The signing key must be an ES256 JWK with a kid');
  const exported = createPublicKey({ key: privateJwk, format: 'jwk' }).export({ format: 'jwk' }) as JWK;
  // Field set of a hosted project's JWKS entry (keys made with WebCrypto carry `ext: true`).
  return { alg, crv: exported.crv, ext: true, key_ops: ['verify'], kid, kty: exported.kty, use: 'sig', x: exported.x, y: exported.y };
}

/**
 * Signing and verification as GoTrue does them: new tokens are signed with the
 * current key (ES256 with its `kid`, or the HS256 secret in legacy mode); a token is
 * verified with the key its `kid` names, and a token without a known `kid` but with
 * `alg: HS256` with the legacy secret, so legacy API keys and older sessions stay valid.
 */
export function createTokenSigner(keys: SigningKeys): TokenSigner {
  const secret: KeyObject = createSecretKey(Buffer.from(keys.jwtSecret, 'utf8'));
  const current = keys.signingKey
    ? { jwk: publicJwkOf(keys.signingKey), privateKey: createPrivateKey({ key: keys.signingKey, format: 'jwk' }) }
    : undefined;
  const publicKey = current ? createPublicKey({ key: current.jwk, format: 'jwk' }) : undefined;
  // GoTrue accepts exactly the algorithms of its configured keys.
  const algorithms = current ? ['ES256', 'HS256'] : ['HS256'];

  return {
    algorithm: current ? 'ES256' : 'HS256',
    sign(claims) {
      const header = current ? { alg: 'ES256', typ: 'JWT', kid: current.jwk.kid } : { alg: 'HS256', typ: 'JWT' };
      return new SignJWT(claims).setProtectedHeader(header).sign(current ? current.privateKey : secret);
    },
    async verify(token) {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          if (current && publicKey && header.kid === current.jwk.kid) return publicKey;
          if (header.alg === 'HS256') return secret;
          throw new UnknownKeyError(header);
        },
        { algorithms },
      );
      return payload;
    },
    publicKeys: () => (current ? [current.jwk] : []),
    verificationKeySet: () => ({
      keys: [...(current ? [current.jwk] : []), { kty: 'oct', k: Buffer.from(keys.jwtSecret, 'utf8').toString('base64url'), alg: 'HS256' }],
    }),
  };
}
