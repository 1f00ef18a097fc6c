// POST /attachments (one image, multipart) → { id }; GET /attachments/:id once it belongs to a report.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, serviceUnavailable } from '../db/pool.js';
import { AppError, type ErrorCode } from '../domain/app-error.js';
import { MAX_UPLOAD_BYTES, type UploadRefusal } from '../services/attachment.service.js';
import { authenticate } from '../services/authenticate.js';
import { servicesOf } from './comune-edge.js';

const REFUSAL_STATUS: Record<UploadRefusal, number> = {
  empty: 400,
  too_large: 413,
  format: 415,
  damaged: 415,
  too_many_pixels: 422,
};

const CODE_STATUS: Partial<Record<ErrorCode, number>> = {
  RATE_LIMITED: 429,
  SERVER_BUSY: 503,
  SERVICE_UNAVAILABLE: 503,
};

function refuse(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ error: { code: 'BAD_USER_INPUT', field: 'file', message } });
}

/** The JSON answer to a refusal of the upload service: its code, message and details, never more. */
function refuseWith(reply: FastifyReply, error: AppError): FastifyReply | undefined {
  const { reason, retryAfterSeconds } = error.details;
  const status =
    error.code === 'BAD_USER_INPUT'
      ? (REFUSAL_STATUS[reason as UploadRefusal] ?? 400)
      : CODE_STATUS[error.code];
  if (status === undefined) return undefined;
  if (typeof retryAfterSeconds === 'number') reply.header('retry-after', String(retryAfterSeconds));
  return reply
    .code(status)
    .send({ error: { code: error.code, message: error.message, ...error.details } });
}

export async function attachmentRoutes(app: FastifyInstance): Promise<void> {
  const attachmentsOf = (request: FastifyRequest) => servicesOf(request).attachments;
  // One part, at most 10 MB: a bigger body is cut off by busboy, never held in memory whole.
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 1 },
  });

  app.post('/attachments', async (request, reply) => {
    if (!request.isMultipart())
      return refuse(reply, 415, 'Invia la foto come multipart/form-data.');
    let bytes: Buffer;
    try {
      const part = await request.file();
      if (!part) return refuse(reply, 400, 'Nessun file ricevuto.');
      bytes = await part.toBuffer();
      if (part.file.truncated) return refuse(reply, 413, 'La foto supera i 10 MB.');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE')
        return refuse(reply, 413, 'La foto supera i 10 MB.');
      return refuse(reply, 400, 'Richiesta multipart non valida.');
    }
    try {
      const id = await attachmentsOf(request).upload(bytes, request.ip);
      return reply.code(201).send({ id });
    } catch (caught) {
      const error = isDatabaseUnavailable(caught) ? serviceUnavailable() : caught;
      if (error instanceof AppError) {
        const refused = refuseWith(reply, error);
        if (refused) return refused;
      }
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>('/attachments/:id', async (request, reply) => {
    const photo = await attachmentsOf(request).photo(request.params.id, () =>
      authenticate(servicesOf(request), request),
    );
    if (!photo)
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Foto non trovata.' } });
    return (
      reply
        .header('content-type', photo.content_type)
        // A hidden photo stays out of shared caches, and out of the browser's once it is shown again.
        .header('cache-control', photo.public ? 'public, max-age=3600' : 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(photo.bytes)
    );
  });
}
