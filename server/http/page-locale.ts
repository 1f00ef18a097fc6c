// The language of a page the server writes itself (confirmation links, unsubscribe links, not found):
// the language the person chose when they asked (stored with the link) first, then ?lang=it|en, then
// the first of Accept-Language's languages that is ours; Italian otherwise.
import type { FastifyRequest } from 'fastify';

export type PageLocale = 'it' | 'en';

export function isPageLocale(value: unknown): value is PageLocale {
  return value === 'it' || value === 'en';
}

export function pageLocale(request: FastifyRequest, stored?: string | null): PageLocale {
  if (isPageLocale(stored)) return stored;
  const lang = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isPageLocale(lang)) return lang;
  const accepted = String(request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => part.trim().slice(0, 2).toLowerCase());
  return accepted.find(isPageLocale) ?? 'it';
}
