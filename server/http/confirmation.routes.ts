// GET /conferma/:token shows what a mailed link confirms, with a button; POST does it (mail scanners
// and previews fetch every link in a message, so GET changes nothing). A data copy's POST with
// format=json answers the same copy as a JSON download.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { htmlPage } from './html-page.js';
import { servicesOf } from './comune-edge.js';
import { previewPage, resultPage, type PageText } from './confirmation-page.js';

type Req = FastifyRequest<{ Params: { token: string } }>;

function show(request: Req, reply: FastifyReply, page: PageText): FastifyReply {
  return htmlPage(
    reply,
    page.status,
    page.title,
    page.message,
    page.extra,
    servicesOf(request).comune,
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
  app.get<{ Params: { token: string } }>('/conferma/:token', async (request, reply) =>
    show(
      request,
      reply,
      previewPage(await servicesOf(request).confirmations.preview(request.params.token)),
    ),
  );
  app.post<{ Params: { token: string } }>('/conferma/:token', async (request, reply) => {
    const services = servicesOf(request);
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
    return show(request, reply, resultPage(result, `${services.comune.baseUrl}`));
  });
}
