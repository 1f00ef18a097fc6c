// GET /conferma/:token shows what a mailed link confirms, with a button; POST does it (mail scanners
// and previews fetch every link in a message, so GET changes nothing). A data copy's POST with
// format=json answers the same copy as a JSON download. Every page is in the person's language.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { htmlPage } from './html-page.js';
import { servicesOf } from './comune-edge.js';
import { pageLocale, type PageLocale } from './page-locale.js';
import { previewPage, resultPage, type PageText } from './confirmation-page.js';

type Req = FastifyRequest<{ Params: { token: string } }>;

function show(request: Req, reply: FastifyReply, page: PageText, lang: PageLocale): FastifyReply {
  return htmlPage(
    reply,
    page.status,
    page.title,
    page.message,
    page.extra,
    servicesOf(request).comune,
    lang,
  )
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex');
}

export async function confirmationRoutes(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4 * 1024 },
    (_req, body, done) => done(null, body),
  );
  app.get<{ Params: { token: string } }>('/conferma/:token', async (request, reply) => {
    const { confirmations } = servicesOf(request);
    const lang = pageLocale(request, await confirmations.storedLocale(request.params.token));
    const preview = await confirmations.preview(request.params.token);
    return show(request, reply, previewPage(preview, lang), lang);
  });
  app.post<{ Params: { token: string } }>('/conferma/:token', async (request, reply) => {
    const services = servicesOf(request);
    const lang = pageLocale(
      request,
      await services.confirmations.storedLocale(request.params.token),
    );
    const result = await services.confirmations.confirm(request.params.token, request.ip);
    const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
    if (result.kind === 'data' && form.get('format') === 'json')
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="dati-${services.comune.fileSlug}.json"`,
        )
        .send(JSON.stringify(result.copy, null, 2));
    return show(request, reply, resultPage(result, services.comune.baseUrl, lang), lang);
  });
}
