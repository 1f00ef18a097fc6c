// POST /attachments (one image, multipart) → { id }; GET /attachments/:id once it belongs to a report.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../domain/app-error.js';
import { MAX_UPLOAD_BYTES } from '../services/attachment.service.js';
import type { Services } from '../services/services.js';

function refuse(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ error: { code: 'BAD_USER_INPUT', field: 'file', message } });
}

export async function attachmentRoutes(
  app: FastifyInstance,
  options: { services: Services },
): Promise<void> {
  const { attachments } = options.services;
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
      const id = await attachments.upload(bytes);
      return reply.code(201).send({ id });
    } catch (error) {
      if (error instanceof AppError && error.code === 'BAD_USER_INPUT')
        return refuse(reply, 415, error.message);
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>('/attachments/:id', async (request, reply) => {
    const photo = await attachments.published(request.params.id);
    if (!photo)
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Foto non trovata.' } });
    return reply
      .header('content-type', photo.content_type)
      .header('cache-control', 'public, max-age=86400, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(photo.bytes);
  });
}
