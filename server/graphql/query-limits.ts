// Depth, cost, alias, directive and token limits over the whole schema (graphql-armor): a deep or
// huge query is refused at validation, before any resolver or SQL runs. The limits leave room for
// every query the dashboard and the citizen pages send (deepest: street → activeTickets → edges →
// node → category → office, depth 6); introspection is exempt so tools keep working.
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { Context } from './context.js';

export const MAX_QUERY_DEPTH = 8;
export const MAX_QUERY_COST = 5000;
export const MAX_QUERY_TOKENS = 2000;

export function queryLimits(): {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<Context>[];
} {
  const armor = new ApolloArmor({
    maxDepth: { n: MAX_QUERY_DEPTH, ignoreIntrospection: true },
    costLimit: { maxCost: MAX_QUERY_COST, ignoreIntrospection: true },
    // Every alias counts, __typename's too (armor exempts it by default): each one is a field the
    // server must resolve and serialise, so 500 of them are no cheaper than 500 of any other.
    maxAliases: { n: 15, allowList: [] },
    maxDirectives: { n: 20 },
    // Token counting is done by graphql's own parser (ApolloServer parseOptions.maxTokens): armor's
    // version re-parses the document and turns a plain syntax error into a 500.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  // graphql-armor is typed against Apollo's CommonJS build; the plugin objects are the same at runtime.
  return {
    validationRules: armor.validationRules,
    plugins: armor.plugins as unknown as ApolloServerPlugin<Context>[],
  };
}
