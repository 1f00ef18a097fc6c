// Moderation of a report's public text and photos (issue 15, part 2). Thin: parse, call the service, map.
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { ModerationRow } from '../db/moderation.queries.js';
import { parseId } from '../domain/id.js';
import type { AccessRule } from '../domain/staff-access.js';
import type { Context } from './context.js';
import { StaffTicket, TicketChangePayload, toStaffTicket } from './staff-ticket.type.js';

@ObjectType({
  description:
    'One change of the public text by a moderator, with the text it replaced: admins only (the replaced text may hold personal data); deleted with the reporter’s contact.',
})
export class TicketModeration {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'E-mail of the moderator.' })
  moderatorEmail!: string | null;
  @Field(() => String, {
    description: 'personal_data, offensive, off_topic, clarity, or other (then reasonText).',
  })
  reasonCode!: string;
  @Field(() => String, { nullable: true, description: 'The written reason, for other.' })
  reasonText!: string | null;
  @Field(() => String) beforeTitle!: string;
  @Field(() => String) beforeDescription!: string;
  @Field(() => String) afterTitle!: string;
  @Field(() => String) afterDescription!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
}

function toModeration(row: ModerationRow): TicketModeration {
  return {
    id: String(row.id),
    moderatorEmail: row.actor_email,
    reasonCode: row.reason_code,
    reasonText: row.reason_text,
    beforeTitle: row.before_title,
    beforeDescription: row.before_description,
    afterTitle: row.after_title,
    afterDescription: row.after_description,
    createdAt: row.created_at,
  };
}

@Resolver(() => StaffTicket)
export class ModerationResolver {
  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description:
      'Rewrites the public title and description (personal data is masked in it too), with a reason: a code (personal_data, offensive, off_topic, clarity) or a written one. The citizen’s original stays for the office; the reporter is mailed why. CONFLICT on a stale version.',
  })
  async moderateTicket(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('publicTitle', () => String) publicTitle: string,
    @Arg('publicDescription', () => String) publicDescription: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    const input = {
      id: parseId(id, 'id', 'int8'),
      version,
      publicTitle,
      publicDescription,
      reason,
    };
    const row = await ctx.services.moderation.moderateTicket(ctx.viewer, input, ctx.clientAddress);
    return { ticket: toStaffTicket(row) };
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description:
      'Shows a photo (by its id) on the public pages or hides it; showing one awaiting approval approves it.',
  })
  async setAttachmentPublic(
    @Arg('id', () => ID) id: string,
    @Arg('public', () => Boolean) isPublic: boolean,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    const row = await ctx.services.moderation.setAttachmentPublic(
      ctx.viewer,
      { id, public: isPublic },
      ctx.clientAddress,
    );
    return { ticket: toStaffTicket(row) };
  }

  @FieldResolver(() => [TicketModeration], {
    nullable: true,
    description: 'Moderations of the public text with the replaced texts; null unless an admin.',
  })
  async moderations(
    @Root() ticket: StaffTicket,
    @Ctx() ctx: Context,
  ): Promise<TicketModeration[] | null> {
    const rows = await ctx.services.moderation.history(ctx.viewer, ticket.row);
    return rows && rows.map(toModeration);
  }
}
