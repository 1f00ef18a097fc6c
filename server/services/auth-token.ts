// Token material: bearer JWTs (jose, HS256), random session and API tokens, and their sha256 hashes.
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

/** Prefix of API tokens, so that a leaked one is easy to recognise in logs and secret scanners. */
export const API_TOKEN_PREFIX = 'sgn_';

// Without JWT_SECRET each process signs with its own random key: tokens die with the process.
const PROCESS_SECRET = randomBytes(32);

export function jwtKey(secret: string | undefined): Uint8Array {
  return secret ? new TextEncoder().encode(secret) : PROCESS_SECRET;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export async function signStaffJwt(
  key: Uint8Array,
  municipalityId: number,
  staffId: number,
  ttlMinutes: number,
): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(staffId))
    .setIssuer('segnala')
    .setAudience(`segnala:${municipalityId}`)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token, expiresAt };
}

/** The staff id of a valid JWT for this municipality, or undefined. */
export async function verifyStaffJwt(
  key: Uint8Array,
  municipalityId: number,
  token: string,
): Promise<number | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: 'segnala',
      audience: `segnala:${municipalityId}`,
    });
    const id = Number(payload.sub);
    return Number.isInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The audience of a platform operator's JWT: never a comune's (segnala:{id}), so never staff's. */
export const PLATFORM_AUDIENCE = 'segnala:platform';

export async function signPlatformJwt(
  key: Uint8Array,
  userId: number,
  ttlMinutes: number,
): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(userId))
    .setIssuer('segnala')
    .setAudience(PLATFORM_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token, expiresAt };
}

/** The platform operator id of a valid platform JWT, or undefined. */
export async function verifyPlatformJwt(
  key: Uint8Array,
  token: string,
): Promise<number | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: 'segnala',
      audience: PLATFORM_AUDIENCE,
    });
    const id = Number(payload.sub);
    return Number.isInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}
