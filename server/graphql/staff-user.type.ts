import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { ApiTokenRow } from '../db/api-token.queries.js';
import type { StaffRow } from '../db/staff.queries.js';
import { Office } from './office.type.js';

export enum StaffRole {
  OPERATOR = 'operator',
  PLANNER = 'planner',
  ADMIN = 'admin',
}

registerEnumType(StaffRole, {
  name: 'StaffRole',
  description:
    'operator: works the tickets of its offices; planner: reads everything for analysis, no reporter contacts; admin: everything.',
});

@ObjectType({ description: 'A member of staff (the logged-in user in `me`).' })
export class StaffUser {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  name!: string;

  @Field(() => StaffRole)
  role!: StaffRole;

  @Field(() => [Office], {
    description: 'Offices an operator works for (empty for planners and admins).',
  })
  offices!: Office[];

  @Field(() => [String], {
    nullable: true,
    description: 'Scopes of the API token in use; null for a login session or JWT.',
  })
  scopes!: string[] | null;

  officeIds!: number[];
}

export function toStaffUser(row: StaffRow, scopes: string[] | null): StaffUser {
  return {
    id: String(row.id),
    email: row.email,
    name: row.name,
    role: row.role as StaffRole,
    offices: [],
    officeIds: row.office_ids,
    scopes,
  };
}

@ObjectType({ description: 'Result of a successful login. The session cookie is set too.' })
export class LoginPayload {
  @Field(() => String, {
    description: 'Short-lived bearer JWT: send it as `Authorization: Bearer <token>`.',
  })
  token!: string;

  @Field(() => GraphQLDateTime)
  expiresAt!: Date;

  @Field(() => StaffUser)
  user!: StaffUser;
}

@ObjectType({
  description:
    'A long-lived API token of an integrator (the secret itself is shown only once, at creation).',
})
export class ApiToken {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  revokedAt!: Date | null;
}

export function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: String(row.id),
    name: row.name,
    scopes: row.scopes,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

@ObjectType()
export class ApiTokenCreated {
  @Field(() => String, { description: 'The secret token. Store it now: it cannot be shown again.' })
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}
