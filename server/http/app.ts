// The Fastify application: /graphql (Apollo Server 5), /healthz, and the routes other modules register.
import zlib from 'node:zlib';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Context } from '../graphql/context.js';
import { loggableError } from '../domain/redact.js';
import { createFormatError } from '../graphql/format-error.js';
import { noSubscriptionsPlugin } from '../graphql/no-subscriptions.plugin.js';
import { MAX_QUERY_TOKENS, queryLimits } from '../graphql/query-limits.js';
import { authenticate } from '../services/authenticate.js';
import type { Services } from '../services/services.js';
import { ComuneRegistry } from '../services/comune-registry.js';
import { attachmentRoutes } from './attachments.routes.js';
import { comuneEdge, rewriteComuneUrl, servicesOf } from './comune-edge.js';
import { comuniRootPage } from './comuni-page.js';
import { unsubscribeRoutes } from './unsubscribe.routes.js';
import { exportRoutes } from './export.routes.js';
import { graphqlRoutes, requestErrorStatusPlugin } from './graphql.routes.js';
import { staticRoutes } from './static.routes.js';

export interface AppOptions {
  schema: GraphQLSchema;
  /** The default comune's services (SEGNALA_MUNICIPALITY): /, /graphql and every unprefixed path. */
  services: Services;
  /** Every served comune; by default one registry over the default comune's pool and config. */
  comuni?: ComuneRegistry;
  logger?: boolean | { level: string };
  /** Told every route as it is added (the isolation test checks each has a row). */
  onRoute?: (method: string, url: string) => void;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services, schema } = options;
  const { municipality, pool } = services.deps;
  const comuni = options.comuni ?? new ComuneRegistry(pool, services.deps.config, services);
  const app = Fastify({
    logger: options.logger ?? false,
    rewriteUrl: (raw) => rewriteComuneUrl(raw),
    trustProxy: services.deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
  });

  const limits = queryLimits();
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError({
      exposeInternals: false,
      log: (error, path) =>
        app.log.error({ error: loggableError(error), path }, 'GraphQL resolver failed'),
    }),
    validationRules: limits.validationRules,
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    // GET queries run without a preflight header; graphql.routes.ts explains what replaces this guard.
    csrfPrevention: false,
    // No HTTP cache hints are used; the cache-control plugin would otherwise wrap every field resolver.
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      requestErrorStatusPlugin(),
      noSubscriptionsPlugin(),
      ...limits.plugins,
    ],
  });
  await apollo.start();
  await app.register(fastifyCookie);
  // gzip/br for /graphql (ticketPoints of 10^5 tickets) and the exports; brotli at quality 4: fast enough to stream.
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
  });

  const onRoute = options.onRoute;
  if (onRoute)
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) onRoute(method, route.url);
    });
  comuneEdge(app, comuni);
  await app.register(graphqlRoutes, { apollo });

  await app.register(staticRoutes, {
    tileUrl: services.deps.config.tileUrl,
    rootPage: (request, reply) => comuniRootPage(request, comuni, reply),
  });

  await app.register(attachmentRoutes);
  await app.register(unsubscribeRoutes);
  await app.register(exportRoutes, {
    exports: (request) => servicesOf(request).exports,
    authenticate: (request) => authenticate(servicesOf(request), request),
  });

  app.get('/healthz', async (_request, reply) => {
    try {
      await pool.query('select 1');
      return { status: 'ok', municipality: municipality.name };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  return app;
}
