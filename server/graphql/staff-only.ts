import { Extensions } from 'type-graphql';

/**
 * Marks a query or mutation as staff-only. test/integration/authorization.test.ts reads this marker
 * from the schema and fails when a marked operation has no row in its authorization table.
 */
export function StaffOnly(): MethodDecorator {
  return Extensions({ access: 'staff' }) as MethodDecorator;
}
