// Unsubscribe from the mails of one ticket. POST unsubscribes: one click for mail clients honouring
// List-Unsubscribe-Post (RFC 8058), or the button of the page that GET shows for the link in the mail
// body. GET itself changes nothing, because mail scanners and previews fetch every link in a message.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../mail/mail-layout.js';
import { htmlPage as page } from './html-page.js';
import { servicesOf } from './comune-edge.js';

export async function unsubscribeRoutes(app: FastifyInstance): Promise<void> {
  const handler = async (
    request: FastifyRequest<{ Params: { code: string; tag: string } }>,
    reply: FastifyReply,
  ) => {
    const { comune } = servicesOf(request);
    const done = await servicesOf(request).unsubscribe.unsubscribe(
      request.params.code,
      request.params.tag,
    );
    if (!done)
      return page(
        reply,
        404,
        'Link non valido',
        'Il link di disiscrizione non è valido o è scaduto. / This unsubscribe link is not valid.',
        '',
        comune,
      );
    return page(
      reply,
      200,
      'Disiscrizione completata',
      `Non riceverai più e-mail sulla segnalazione ${done}. / You will no longer receive e-mails about report ${done}.`,
      '',
      comune,
    );
  };
  app.get<{ Params: { code: string; tag: string } }>(
    '/unsubscribe/:code/:tag',
    async (request, reply) => {
      const code = escapeHtml(request.params.code);
      const form = `<form method="post"><button type="submit" style="font-size:1rem;padding:.6em 1.2em">Conferma / Confirm</button></form>`;
      return page(
        reply,
        200,
        'Non ricevere più e-mail?',
        `Premi il pulsante per non ricevere più e-mail sulla segnalazione ${code}. / Press the button to stop e-mails about report ${code}.`,
        form,
        servicesOf(request).comune,
      );
    },
  );
  // Mail clients POST "List-Unsubscribe=One-Click" as a form; the body itself carries nothing we need.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );
  app.post<{ Params: { code: string; tag: string } }>('/unsubscribe/:code/:tag', handler);
}
