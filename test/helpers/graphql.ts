// The real Fastify app (Apollo, routes, limits) on a test database, listening on a free local port:
// tests talk to it over HTTP like a browser or an integrator would.
import type { FastifyInstance } from 'fastify';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { buildApp, type AppOptions } from '../../server/http/app.js';
import type { Services } from '../../server/services/services.js';

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; field?: string; [key: string]: unknown };
  }[];
}

export interface TestApp {
  app: FastifyInstance;
  url: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

export async function startTestApp(
  services: Services,
  options: Pick<AppOptions, 'logger' | 'workers' | 'onRoute' | 'persistedQueries'> = {},
): Promise<TestApp> {
  const app = await buildApp({
    schema: await buildSegnalaSchema(),
    services,
    logger: false,
    ...options,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    url,
    async gql<T>(
      query: string,
      variables: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResult<T>;
      return { ...body, status: response.status };
    },
    close: () => app.close(),
  };
}

/** The one error code of a result (fails loudly when there is none). */
export function errorCode(result: GraphQLResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
