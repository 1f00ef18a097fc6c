// /avvisi/disiscrizione/:token, the unsubscribe link of every alert digest. GET shows a page with a
// button and changes nothing (mail scanners fetch every link); POST deletes the subscription: the button,
// or the one click of a mail client honouring List-Unsubscribe-Post (RFC 8058).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { htmlPage } from './html-page.js';
import { servicesOf } from './comune-edge.js';

type Req = FastifyRequest<{ Params: { token: string } }>;

const INVALID =
  'Il link non è valido o gli avvisi sono già stati disattivati. Non è cambiato nulla. / This link is not valid, or the alerts were already stopped. Nothing changed.';

function page(
  request: Req,
  reply: FastifyReply,
  status: number,
  title: string,
  text: string,
  extra = '',
) {
  return htmlPage(reply, status, title, text, extra, servicesOf(request).comune)
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex');
}

export async function alertRoutes(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4 * 1024 },
    (_req, body, done) => done(null, body),
  );
  app.get<{ Params: { token: string } }>('/avvisi/disiscrizione/:token', async (request, reply) => {
    const found = await servicesOf(request).alerts.findByUnsubscribeToken(request.params.token);
    if (!found) return page(request, reply, 410, 'Link non utilizzabile', INVALID);
    return page(
      request,
      reply,
      200,
      'Non ricevere più gli avvisi?',
      `Premi il pulsante per non ricevere più gli avvisi delle nuove segnalazioni per: ${found.place}. / Press the button to stop the alerts of new reports for this place.`,
      '<form method="post"><button type="submit">Disattiva gli avvisi / Stop the alerts</button></form>',
    );
  });
  app.post<{ Params: { token: string } }>(
    '/avvisi/disiscrizione/:token',
    async (request, reply) => {
      const done = await servicesOf(request).alerts.unsubscribe(request.params.token);
      if (!done) return page(request, reply, 410, 'Link non utilizzabile', INVALID);
      return page(
        request,
        reply,
        200,
        'Avvisi disattivati',
        `Non riceverai più gli avvisi per: ${done.place}. La tua iscrizione è stata cancellata. / You will no longer receive these alerts; your subscription was deleted.`,
      );
    },
  );
}
