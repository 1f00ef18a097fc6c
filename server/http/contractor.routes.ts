// /ditta/:token — the external contractor's page, without an account (contractor-page.service.ts).
// GET shows it and changes nothing (mail scanners open links). The POSTs (a note, a photo, work done)
// need the page's form key; each answers 303 back to the page, or a clear page with a 4xx status when
// the link is unknown, tampered, expired or revoked, or the form is not the page's; nothing changes then.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error.js';
import { MAX_UPLOAD_BYTES } from '../services/attachment.service.js';
import { ContractorRefusal } from '../services/contractor-page.service.js';
import { contractorFormKey } from '../services/contractor-token.js';
import { prefixOf, servicesOf } from './comune-edge.js';
import { contractorPage, messagePage, refusedPage, type PageLang } from './contractor-page.js';

type Req = FastifyRequest<{
  Params: { token: string };
  Querystring: { lang?: string; saved?: string };
}>;

const langOf = (value: unknown): PageLang => (value === 'en' ? 'en' : 'it');

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex')
    .send(body);
}

function fieldsOf(body: unknown): URLSearchParams {
  return new URLSearchParams(typeof body === 'string' ? body : '');
}

export async function contractorRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 2, parts: 3 },
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => done(null, body),
  );

  const pathOf = (request: Req) =>
    `${prefixOf(request)}/ditta/${encodeURIComponent(request.params.token)}`;

  const show = async (
    request: Req,
    reply: FastifyReply,
    lang: PageLang,
    saved?: string,
    status = 200,
  ) => {
    const view = await servicesOf(request).contractorPages.view(request.params.token);
    if (view.state === 'unknown' || view.state === 'expired' || view.state === 'revoked') {
      const page = refusedPage(view.state, lang);
      return html(reply, page.status, page.html);
    }
    return html(
      reply,
      status,
      contractorPage(view, {
        lang,
        path: pathOf(request),
        prefix: prefixOf(request),
        formKey: contractorFormKey(request.params.token),
        saved: saved === 'note' || saved === 'photo' || saved === 'done' ? saved : undefined,
      }),
    );
  };

  /** Runs one contractor action; a refusal or a bad field answers its page, success goes back (303). */
  const act = async (
    request: Req,
    reply: FastifyReply,
    lang: PageLang,
    saved: 'note' | 'photo' | 'done',
    run: () => Promise<void>,
  ) => {
    try {
      await run();
    } catch (error) {
      if (error instanceof ContractorRefusal) {
        if (error.state === 'done' || error.state === 'closed')
          return show(request, reply, lang, undefined, 409);
        const page = refusedPage(error.state === 'active' ? 'unknown' : error.state, lang);
        return html(reply, page.status, page.html);
      }
      if (error instanceof AppError && error.code === 'BAD_USER_INPUT') {
        const status = { too_large: 413, format: 415, damaged: 415, too_many_pixels: 422 }[
          String(error.details.reason)
        ];
        const title = lang === 'it' ? 'Dati non validi' : 'Invalid data';
        return html(
          reply,
          status ?? 400,
          messagePage(lang, title, error.message, `${pathOf(request)}?lang=${lang}`),
        );
      }
      throw error;
    }
    return reply
      .code(303)
      .header('location', `${pathOf(request)}?lang=${lang}&saved=${saved}`)
      .send();
  };

  app.get('/ditta/:token', async (request: Req, reply) =>
    show(request, reply, langOf(request.query.lang), request.query.saved),
  );

  app.post('/ditta/:token/note', async (request: Req, reply) => {
    const f = fieldsOf(request.body);
    const lang = langOf(f.get('lang'));
    return act(request, reply, lang, 'note', () =>
      servicesOf(request).contractorPages.addNote(
        request.params.token,
        f.get('form'),
        f.get('text') ?? '',
        request.ip,
      ),
    );
  });

  app.post('/ditta/:token/done', async (request: Req, reply) => {
    const f = fieldsOf(request.body);
    const lang = langOf(f.get('lang'));
    return act(request, reply, lang, 'done', () =>
      servicesOf(request).contractorPages.markDone(
        request.params.token,
        f.get('form'),
        f.get('text') ?? undefined,
        request.ip,
      ),
    );
  });

  app.post('/ditta/:token/photo', async (request: Req, reply) => {
    let lang: PageLang = 'it';
    let formKey: unknown;
    let bytes: Buffer | undefined;
    let tooLarge = false;
    if (request.isMultipart()) {
      try {
        const part = await request.file();
        if (part) {
          const field = (name: string) => {
            const v = part.fields[name];
            return v && !Array.isArray(v) && v.type === 'field' ? v.value : undefined;
          };
          lang = langOf(field('lang'));
          formKey = field('form');
          bytes = await part.toBuffer();
          tooLarge = part.file.truncated;
        }
      } catch (error) {
        tooLarge = (error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE';
        if (!tooLarge) bytes = undefined;
      }
    }
    return act(request, reply, lang, 'photo', () => {
      if (tooLarge)
        throw new AppError('BAD_USER_INPUT', 'La foto supera i 10 MB.', { reason: 'too_large' });
      return servicesOf(request).contractorPages.addPhoto(
        request.params.token,
        formKey,
        bytes ?? Buffer.alloc(0),
        request.ip,
      );
    });
  });
}
