// Wires the use cases of one municipality to one database pool. The GraphQL context and the HTTP
// routes get this object; tests build it on a test database.
import type pg from 'pg';
import type { Config } from '../config.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { ApiTokenService } from './api-token.service.js';
import { AuthService } from './auth.service.js';
import { CatalogService } from './catalog.service.js';
import { StreetService } from './street.service.js';

export interface ServiceDeps {
  pool: pg.Pool;
  config: Config;
  municipality: MunicipalityRow;
}

export function createServices(deps: ServiceDeps) {
  const { pool, municipality } = deps;
  const auth = new AuthService(pool, deps.config, municipality.id);
  return {
    deps,
    auth,
    apiTokens: new ApiTokenService(pool, municipality.id, auth),
    catalog: new CatalogService(pool, municipality.id),
    streets: new StreetService(pool, municipality.id),
  };
}

export type Services = ReturnType<typeof createServices>;
