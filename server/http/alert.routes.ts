// /avvisi/disiscrizione/:token, the unsubscribe link of every alert digest. GET shows a page with a
// button and changes nothing (mail scanners fetch every link); POST deletes the subscription: the button,
// or the one click of a mail client honouring List-Unsubscribe-Post (RFC 8058). The page speaks the
// subscription's language (or, for a link that no longer works, ?lang= or the browser's).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { htmlPage } from './html-page.js';
import { servicesOf } from './comune-edge.js';
import { pageLocale, type PageLocale } from './page-locale.js';

type Req = FastifyRequest<{ Params: { token: string } }>;

const WORDS = {
  it: {
    unusable: 'Link non utilizzabile',
    invalid: 'Il link non è valido o gli avvisi sono già stati disattivati. Non è cambiato nulla.',
    ask: 'Non ricevere più gli avvisi?',
    askText: (place: string) =>
      `Premi il pulsante per non ricevere più gli avvisi delle nuove segnalazioni per: ${place}.`,
    button: 'Disattiva gli avvisi',
    done: 'Avvisi disattivati',
    doneText: (place: string) =>
      `Non riceverai più gli avvisi per: ${place}. La tua iscrizione è stata cancellata.`,
  },
  en: {
    unusable: 'Link not usable',
    invalid: 'This link is not valid, or the alerts were already stopped. Nothing changed.',
    ask: 'Stop these alerts?',
    askText: (place: string) => `Press the button to stop the alerts of new reports for: ${place}.`,
    button: 'Stop the alerts',
    done: 'Alerts stopped',
    doneText: (place: string) =>
      `You will no longer receive the alerts for: ${place}. Your subscription was deleted.`,
  },
} as const;

function page(
  request: Req,
  reply: FastifyReply,
  lang: PageLocale,
  status: number,
  title: string,
  text: string,
  extra = '',
) {
  return htmlPage(reply, status, title, text, extra, servicesOf(request).comune, lang)
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
    const lang = pageLocale(request, found?.locale);
    const w = WORDS[lang];
    if (!found) return page(request, reply, lang, 410, w.unusable, w.invalid);
    return page(
      request,
      reply,
      lang,
      200,
      w.ask,
      w.askText(found.place),
      `<form method="post"><button type="submit">${w.button}</button></form>`,
    );
  });
  app.post<{ Params: { token: string } }>(
    '/avvisi/disiscrizione/:token',
    async (request, reply) => {
      const done = await servicesOf(request).alerts.unsubscribe(request.params.token);
      const lang = pageLocale(request, done?.locale);
      const w = WORDS[lang];
      if (!done) return page(request, reply, lang, 410, w.unusable, w.invalid);
      return page(request, reply, lang, 200, w.done, w.doneText(done.place));
    },
  );
}
