import {
  Arg,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { CannedReplyFields, CannedReplyRow } from '../db/canned-reply.queries.js';
import { parseId } from '../domain/id.js';
import type { AccessRule } from '../domain/staff-access.js';
import type { Context } from './context.js';
import { TicketStatus, toDomainStatus, toGraphQLStatus } from './ticket-status.enum.js';

@ObjectType({
  description:
    'A reply text (risposta predefinita) for the public note, per category and phase; null: all.',
})
export class CannedReply {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true, description: 'null: every category.' })
  categoryId!: string | null;
  @Field(() => TicketStatus, { nullable: true, description: 'null: every phase.' })
  phase!: TicketStatus | null;
  @Field(() => String, { description: 'Short name shown in the picker.' }) title!: string;
  @Field(() => String) textIt!: string;
  @Field(() => String) textEn!: string;
  @Field(() => Int, { description: 'Pass it to updateCannedReply.' }) version!: number;
  @Field(() => GraphQLDateTime) updatedAt!: Date;
}

@InputType({ description: 'The fields of a canned reply.' })
export class CannedReplyInput {
  @Field(() => ID, { nullable: true, description: 'null: every category.' })
  categoryId!: string | null;
  @Field(() => TicketStatus, { nullable: true, description: 'null: every phase.' })
  phase!: TicketStatus | null;
  @Field(() => String) title!: string;
  @Field(() => String) textIt!: string;
  @Field(() => String) textEn!: string;
}

function toCannedReply(row: CannedReplyRow): CannedReply {
  return {
    id: String(row.id),
    categoryId: row.category_id === null ? null : String(row.category_id),
    phase: row.status ? toGraphQLStatus(row.status) : null,
    title: row.title,
    textIt: row.text_it,
    textEn: row.text_en,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

function toFields(input: CannedReplyInput): CannedReplyFields {
  return {
    categoryId:
      input.categoryId === null || input.categoryId === undefined
        ? null
        : parseId(input.categoryId, 'categoryId', 'int4'),
    status: input.phase ? toDomainStatus(input.phase) : null,
    title: input.title,
    textIt: input.textIt,
    textEn: input.textEn,
  };
}

@Resolver(() => CannedReply)
export class CannedReplyResolver {
  @Authorized<AccessRule>('tickets:read')
  @Query(() => [CannedReply], {
    description:
      'Canned replies that fit a ticket of this category in this phase (the most specific first); with neither, all of them.',
  })
  async cannedReplies(
    @Arg('categoryId', () => ID, { nullable: true }) categoryId: string | null,
    @Arg('phase', () => TicketStatus, { nullable: true }) phase: TicketStatus | null,
    @Ctx() ctx: Context,
  ): Promise<CannedReply[]> {
    const rows = await ctx.services.cannedReplies.list(
      ctx.viewer,
      categoryId ? parseId(categoryId, 'categoryId', 'int4') : null,
      phase ? toDomainStatus(phase) : null,
    );
    return rows.map(toCannedReply);
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => CannedReply, { description: 'Admins: adds a canned reply.' })
  async createCannedReply(
    @Arg('input', () => CannedReplyInput) input: CannedReplyInput,
    @Ctx() ctx: Context,
  ): Promise<CannedReply> {
    return toCannedReply(
      await ctx.services.cannedReplies.create(ctx.viewer, toFields(input), ctx.clientAddress),
    );
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => CannedReply, {
    description: 'Admins: rewrites a canned reply (CONFLICT when the version is stale).',
  })
  async updateCannedReply(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => CannedReplyInput) input: CannedReplyInput,
    @Ctx() ctx: Context,
  ): Promise<CannedReply> {
    return toCannedReply(
      await ctx.services.cannedReplies.update(
        ctx.viewer,
        parseId(id, 'id', 'int4'),
        version,
        toFields(input),
        ctx.clientAddress,
      ),
    );
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => Boolean, { description: 'Admins: deletes a canned reply.' })
  deleteCannedReply(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.cannedReplies.remove(
      ctx.viewer,
      parseId(id, 'id', 'int4'),
      ctx.clientAddress,
    );
  }
}
