// Which root operations are for staff only, read from the built schema: the ones marked @StaffOnly,
// the planners' ("Planner:" description) and any returning a staff type. The authorization matrix and
// the anonymous privacy walk both take their list from here.
import type { GraphQLSchema } from 'graphql';

export function staffOperations(schema: GraphQLSchema): string[] {
  const names = new Set<string>();
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      // The printed type without list/non-null marks (graphql's helpers would trip over the CJS/ESM twin).
      const returned = String(field.type).replace(/[[\]!]/g, '');
      const planner = field.description?.startsWith('Planner:') ?? false;
      if (
        field.extensions?.access === 'staff' ||
        planner ||
        /^(StaffTicket|TicketChangePayload|AuditEntry|ApiToken)/.test(returned)
      )
        names.add(field.name);
    }
  }
  return [...names].sort();
}
