// Turns a request's credentials into a Viewer: the session cookie (dashboard) or an
// `Authorization: Bearer …` header holding either a login JWT or an API token (sgn_…).
// Anything unknown, expired or revoked yields null (anonymous): staff fields then answer UNAUTHENTICATED.
// A session belongs to one comune: its cookie's Path is that comune's prefix (/c/046024), and a session
// of another comune is not found in this one's sessions, so it counts for nothing here.
import type { FastifyRequest } from 'fastify';
import { prefixOf } from '../http/comune-edge.js';
import type { PlatformViewer } from '../domain/platform.js';
import type { Viewer } from '../domain/viewer.js';
import { API_TOKEN_PREFIX } from './auth-token.js';
import type { ApiTokenService } from './api-token.service.js';
import type { AuthService } from './auth.service.js';
import { PLATFORM_SESSION_COOKIE, type PlatformService } from './platform.service.js';

export const SESSION_COOKIE = 'segnala_session';

export interface RequestCredentials {
  headers: { authorization?: string | undefined; cookie?: string | undefined };
  /** Parsed cookies; undefined ignores every cookie (a simple GET of /graphql). */
  cookies?: Record<string, string | undefined>;
  ip: string;
}

/** The Path of the session cookie: the comune's prefix the request came under, else /. */
export function sessionCookiePath(request: FastifyRequest | undefined): string {
  return (request && prefixOf(request)) || '/';
}

/** At most this many session cookies are tried (one per comune path the browser sends). */
const MAX_SESSION_COOKIES = 4;

/**
 * Every session cookie the request carries: under /c/B/ a browser sends B's (Path=/c/B) and the
 * default comune's (Path=/) with the same name, most specific first; the one of this comune wins.
 */
export function sessionTokens(request: RequestCredentials): string[] {
  if (!request.cookies) return [];
  const header = request.headers.cookie;
  const found: string[] = [];
  if (header)
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
      const value = part.slice(eq + 1).trim();
      if (value && !found.includes(value)) found.push(value);
    }
  const parsed = request.cookies[SESSION_COOKIE];
  if (parsed && !found.includes(parsed)) found.unshift(parsed);
  return found.slice(0, MAX_SESSION_COOKIES);
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
    for (const session of sessionTokens(request)) {
      const viewer = await services.auth.viewerForSession(session);
      if (viewer) return viewer;
    }
    return null;
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
