// The schema has no Subscription root and the HTTP transport has no way to stream one, so a subscription
// operation is a request error with its own code (as the spec's "operation type existence" rule makes
// it), refused before execution instead of surfacing graphql-js's internal "not configured" error.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from './context.js';

export function noSubscriptionsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(
            'Le sottoscrizioni non sono disponibili: usa una query (o una mutation) su /graphql.',
            { extensions: { code: 'OPERATION_NOT_SUPPORTED', http: { status: 400 } } },
          );
        },
      };
    },
  };
}
