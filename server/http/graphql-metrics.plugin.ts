// An Apollo plugin that reports each GraphQL operation to the metrics (duration by operation name and
// type, errors by code, reports received) and names the operation in its request's log line.
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../graphql/context.js';
import type { Metrics } from './metrics.js';
import { noteOperation } from './request-log.js';

/** How many root fields named `field` the operation asked for and got a value back. */
function answered(
  operation: OperationDefinitionNode | undefined,
  data: Record<string, unknown> | null | undefined,
  field: string,
): number {
  if (!operation || !data) return 0;
  return operation.selectionSet.selections.filter(
    (s) => s.kind === Kind.FIELD && s.name.value === field && data[s.alias?.value ?? field] != null,
  ).length;
}

export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, response, contextValue }) {
          const seconds = (performance.now() - started) / 1000;
          // A document that did not parse or validate has no operation: its client-chosen name is not kept.
          const name = operation ? (operationName ?? undefined) : '(invalid)';
          metrics.observeGraphql(name, operation?.operation ?? 'unknown', seconds);
          if (contextValue.request) noteOperation(contextValue.request, name ?? '(anonymous)');
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          for (const error of errors ?? []) metrics.countGraphqlError(error.extensions?.code);
          if (operation?.operation === 'mutation')
            for (let i = answered(operation, data, 'submitReport'); i > 0; i--)
              metrics.countReportReceived();
        },
      };
    },
  };
}
