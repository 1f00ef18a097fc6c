// Which root operations are for staff only, read from the built schema: the ones guarded by
// @Authorized (type-graphql's metadata, filled once the schema is built), the planners' ("Planner:"
// description) and any returning a staff type. The authorization matrix and the anonymous privacy
// walk both take their list from here.
import type { GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

export function staffOperations(schema: GraphQLSchema): string[] {
  const metadata = getMetadataStorage();
  const authorized = new Set(
    [...metadata.queries, ...metadata.mutations]
      .filter((r) => r.roles !== undefined)
      .map((r) => r.schemaName),
  );
  const names = new Set<string>();
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      // The printed type without list/non-null marks (graphql's helpers would trip over the CJS/ESM twin).
      const returned = String(field.type).replace(/[[\]!]/g, '');
      const planner = field.description?.startsWith('Planner:') ?? false;
      if (
        authorized.has(field.name) ||
        planner ||
        /^(StaffTicket|TicketChangePayload|AuditEntry|ApiToken)/.test(returned)
      )
        names.add(field.name);
    }
  }
  return [...names].sort();
}
