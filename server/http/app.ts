// The Fastify application: /graphql (Apollo Server 5), /healthz, /readyz, /metrics, and the routes
// other modules register.
import zlib from 'node:zlib';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Context } from '../graphql/context.js';
import { loggableError } from '../domain/redact.js';
import { createFormatError } from '../graphql/format-error.js';
import { inputRulesPlugin } from '../graphql/input-rules.js';
import { noSubscriptionsPlugin } from '../graphql/no-subscriptions.plugin.js';
import { persistedQueries, type PersistedQueryOptions } from '../graphql/persisted-queries.js';
import { MAX_QUERY_TOKENS, queryLimits } from '../graphql/query-limits.js';
import { Workers } from '../domain/heartbeat.js';
import type { Logger } from '../logger.js';
import { authenticate } from '../services/authenticate.js';
import type { Services } from '../services/services.js';
import { ComuneRegistry } from '../services/comune-registry.js';
import { attachmentRoutes } from './attachments.routes.js';
import { comuneEdge, prefixOf, rewriteComuneUrl, servicesOf } from './comune-edge.js';
import { comuniRootPage } from './comuni-page.js';
import { unsubscribeRoutes } from './unsubscribe.routes.js';
import { confirmationRoutes } from './confirmation.routes.js';
import { alertRoutes } from './alert.routes.js';
import { contractorRoutes } from './contractor.routes.js';
import { exportRoutes } from './export.routes.js';
import { open311Routes } from './open311.routes.js';
import { graphqlMetricsPlugin } from './graphql-metrics.plugin.js';
import { graphqlRoutes, requestErrorStatusPlugin } from './graphql.routes.js';
import { healthRoutes } from './health.routes.js';
import { createMetrics } from './metrics.js';
import { metricsRoutes, timeRequests } from './metrics.routes.js';
import { readinessCheck } from './readiness.js';
import { logRequests, OneLinePerRequest } from './request-log.js';
import { staticRoutes } from './static.routes.js';
import { registerNotFound } from './not-found-page.js';

export interface AppOptions {
  schema: GraphQLSchema;
  /** The default comune's services (SEGNALA_MUNICIPALITY): /, /graphql and every unprefixed path. */
  services: Services;
  /** The process's pino logger (server/logger.ts); false or none logs nothing. */
  logger?: Logger | false;
  /** The background workers; /readyz asks the required ones, /metrics shows all. */
  workers?: Workers;
  /** Every served comune; by default one registry over the default comune's pool and config. */
  comuni?: ComuneRegistry;
  /** Told every route as it is added (the isolation test checks each has a row). */
  onRoute?: (method: string, url: string) => void;
  /** The automatic persisted queries' store; by default a fresh bounded one (persisted-queries.ts). */
  persistedQueries?: PersistedQueryOptions;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services, schema } = options;
  const { municipality, pool, config } = services.deps;
  const workers = options.workers ?? new Workers();
  const comuni = options.comuni ?? new ComuneRegistry(pool, config, services);
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    // request-log.ts writes one line per request instead of Fastify's two.
    logController: new OneLinePerRequest(),
    rewriteUrl: (raw) => rewriteComuneUrl(raw),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
  });
  const metrics = createMetrics({
    pool,
    analyticsPool: services.deps.analyticsPool,
    workers,
    warn: (m) => app.log.warn(m),
  });
  logRequests(app, config.logSlowMs);
  timeRequests(app, metrics);

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
    // A client may send a hash instead of the text (persisted-queries.ts), over GET or POST.
    persistedQueries: options.persistedQueries ?? persistedQueries(),
    // GET queries run without a preflight header; graphql.routes.ts explains what replaces this guard.
    csrfPrevention: false,
    // No HTTP cache hints are used; the cache-control plugin would otherwise wrap every field resolver.
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      requestErrorStatusPlugin(),
      graphqlMetricsPlugin(metrics),
      noSubscriptionsPlugin(),
      ...limits.plugins,
      inputRulesPlugin(),
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
  registerNotFound(app);
  await app.register(graphqlRoutes, { apollo });

  await app.register(staticRoutes, {
    tileUrl: services.deps.config.tileUrl,
    rootPage: (request, reply) => comuniRootPage(request, comuni, reply),
    pageTitle: (request) => servicesOf(request).comune.title,
    basePath: prefixOf,
  });

  await app.register(attachmentRoutes);
  await app.register(unsubscribeRoutes);
  await app.register(confirmationRoutes);
  await app.register(alertRoutes);
  await app.register(contractorRoutes);
  await app.register(exportRoutes, {
    exports: (request) => servicesOf(request).exports,
    comune: (request) => servicesOf(request).comune,
    authenticate: (request) => authenticate(servicesOf(request), request),
  });

  await app.register(open311Routes, {
    comuni,
    log: (message, error) => app.log.error({ error: loggableError(error) }, message),
  });

  await app.register(healthRoutes, {
    readiness: readinessCheck({
      pool,
      analyticsPool: services.deps.analyticsPool,
      municipalityId: municipality.id,
      workers,
      onFailure: (check, error) =>
        app.log.warn({ check, error: loggableError(error) }, 'Readiness check failed'),
    }),
  });
  await app.register(metricsRoutes, { metrics, token: config.metricsToken });

  return app;
}
