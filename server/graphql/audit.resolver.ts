import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import type { AuditRow } from '../db/audit.queries.js';
import type { AccessRule } from '../domain/staff-access.js';
import type { Context } from './context.js';
import { Connection, PageArgs, toConnection, type ConnectionShape } from './connection.js';
import { parseId } from '../domain/id.js';

@ObjectType({ description: 'One staff action: login, token use, ticket change, reporter read…' })
export class AuditEntry {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => String, {
    description: 'e.g. login, login.failed, token.use, ticket.resolveTicket, ticket.viewReporter',
  })
  action!: string;
  @Field(() => Int, { nullable: true }) actorId!: number | null;
  @Field(() => String, { nullable: true }) actorEmail!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The external contractor who acted from their link (contractor.*); no staff actor then.',
  })
  actorContractorName!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'What was acted on: ticket:12, token:3, staff:4, or the e-mail of a failed login.',
  })
  target!: string | null;
  @Field(() => GraphQLJSONObject) details!: Record<string, unknown>;
  @Field(() => String, { nullable: true }) address!: string | null;
}

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntry, 'AuditEntry') {}

@InputType()
export class AuditFilterInput {
  @Field(() => ID, { nullable: true }) actorId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Action or its prefix, e.g. "login" or "ticket."',
  })
  action?: string | null;
  @Field(() => String, { nullable: true }) target?: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) from?: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) to?: Date | null;
}

@ArgsType()
class AuditArgs extends PageArgs {
  @Field(() => AuditFilterInput, { nullable: true }) filter?: AuditFilterInput | null;
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    createdAt: row.created_at,
    action: row.action,
    actorId: row.actor_staff_id,
    actorEmail: row.actor_email,
    actorContractorName: row.actor_contractor_name,
    target: row.target,
    details: row.details,
    address: row.address,
  };
}

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Authorized<AccessRule>('admin')
  @Query(() => AuditEntryConnection, { description: 'Admins: every staff action, newest first.' })
  async auditLog(
    @Args(() => AuditArgs) args: AuditArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<AuditEntry>> {
    const f = args.filter;
    const filter = {
      actorStaffId: f?.actorId ? parseId(f.actorId, 'actorId', 'int4') : undefined,
      actionPrefix: f?.action?.slice(0, 100) || undefined,
      target: f?.target?.slice(0, 200) || undefined,
      from: f?.from ?? undefined,
      to: f?.to ?? undefined,
    };
    const page = await ctx.services.audit.list(ctx.viewer, filter, args.first, args.after);
    return toConnection({ ...page, nodes: page.nodes.map(toAuditEntry) });
  }
}
