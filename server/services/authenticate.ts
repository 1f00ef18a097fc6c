// Turns a request's credentials into a Viewer: the session cookie (dashboard) or an
// `Authorization: Bearer …` header holding either a login JWT or an API token (sgn_…).
// Anything unknown, expired or revoked yields null (anonymous): staff fields then answer UNAUTHENTICATED.
import type { PlatformViewer } from '../domain/platform.js';
import type { Viewer } from '../domain/viewer.js';
import { API_TOKEN_PREFIX } from './auth-token.js';
import type { ApiTokenService } from './api-token.service.js';
import type { AuthService } from './auth.service.js';
import { PLATFORM_SESSION_COOKIE, type PlatformService } from './platform.service.js';

export const SESSION_COOKIE = 'segnala_session';

export interface RequestCredentials {
  headers: { authorization?: string | undefined };
  cookies?: Record<string, string | undefined>;
  ip: string;
}

export async function authenticate(
  services: { auth: AuthService; apiTokens: ApiTokenService },
  request: RequestCredentials,
): Promise<Viewer | null> {
  try {
    const header = request.headers.authorization;
    const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (bearer) {
      return bearer.startsWith(API_TOKEN_PREFIX)
        ? await services.apiTokens.viewerForToken(bearer, request.ip)
        : await services.auth.viewerForJwt(bearer);
    }
    const session = request.cookies?.[SESSION_COOKIE];
    return session ? await services.auth.viewerForSession(session) : null;
  } catch {
    // A database hiccup while checking credentials must not turn into a 500 for public queries.
    return null;
  }
}

/**
 * A platform operator's credentials: its own cookie (segnala_platform) or a bearer JWT whose audience
 * is segnala:platform. Accepted at any comune's address (it acts on the deployment), and never turned
 * into a staff Viewer, so it opens no staff operation anywhere.
 */
export async function authenticatePlatform(
  platform: PlatformService,
  request: RequestCredentials,
): Promise<PlatformViewer | null> {
  try {
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (bearer)
      return bearer.startsWith(API_TOKEN_PREFIX) ? null : await platform.viewerForJwt(bearer);
    const session = request.cookies?.[PLATFORM_SESSION_COOKIE];
    return session ? await platform.viewerForSession(session) : null;
  } catch {
    return null;
  }
}
