import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import type { Viewer } from '../domain/viewer.js';
import type { Services } from '../services/services.js';

/** Per-request context: the services of the served municipality and who is asking. */
export interface Context {
  municipality: MunicipalityRow;
  services: Services;
  /** The authenticated staff member, or null for an anonymous citizen. */
  viewer: Viewer | null;
  clientAddress: string;
  request?: FastifyRequest;
  reply?: FastifyReply;
}
