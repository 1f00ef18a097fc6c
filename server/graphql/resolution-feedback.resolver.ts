// Issue 14 items 6 and 7, the citizen's side of a report's outcome: "le mie segnalazioni" by a mailed
// link (requestMyReports, the same answer for every address), "non è risolto" and the satisfaction
// rating with the token of the resolution mail, and the office's answer to a reopen request.
import {
  Arg,
  ArgsType,
  Args,
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
  registerEnumType,
} from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { ReopenRequestRow } from '../db/resolution-feedback.queries.js';
import { parseId } from '../domain/id.js';
import type { AccessRule } from '../domain/staff-access.js';
import type { Context } from './context.js';
import { PrivacyRequestArgs, PrivacyRequestResult, PrivacyRequestStatus } from './privacy.type.js';
import { StaffTicket } from './staff-ticket.type.js';

export enum ReopenRequestState {
  PENDING = 'pending',
  ACCEPTED = 'accepted',
  DECLINED = 'declined',
}
registerEnumType(ReopenRequestState, {
  name: 'ReopenRequestState',
  description:
    'PENDING: waits for the office; ACCEPTED: the ticket was reopened; DECLINED: with a reason mailed to the reporter.',
});

@ObjectType({
  description: 'A reporter’s "non è risolto" on a resolved ticket, and the office’s answer.',
})
export class ReopenRequest {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'What the reporter says is not fixed.' }) comment!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The photo sent with it (one of the ticket’s attachments, hidden until reviewed).',
  })
  attachmentId!: string | null;
  @Field(() => ReopenRequestState) state!: ReopenRequestState;
  @Field(() => String, { nullable: true }) declineReason!: string | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) decidedAt!: Date | null;
}

export function toReopenRequest(r: ReopenRequestRow): ReopenRequest {
  return {
    id: String(r.id),
    comment: r.comment,
    attachmentId: r.attachment_id,
    state: r.state as ReopenRequestState,
    declineReason: r.decline_reason,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
  };
}

@ObjectType({ description: 'The reporter’s satisfaction with the resolution.' })
export class ResolutionRating {
  @Field(() => Int, { description: '1 (not at all satisfied) to 5 (very satisfied).' })
  score!: number;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;
}

@ObjectType({ description: 'The answer to reportNotFixed: the request waits for the office.' })
export class ReportNotFixedResult {
  @Field(() => ReopenRequestState) state!: ReopenRequestState;
}

@ObjectType({ description: 'The answer to rateResolution.' })
export class RateResolutionResult {
  @Field(() => Int) score!: number;
}

@ArgsType()
class FeedbackArgs {
  @Field(() => String, { description: 'The report’s tracking code.' }) code!: string;
  @Field(() => String, {
    description: 'The reporter’s token, from the links of the resolution mail ("conclusa").',
  })
  token!: string;
}

@ArgsType()
class ReportNotFixedArgs extends FeedbackArgs {
  @Field(() => String, { description: 'What is still wrong (1–2000 characters).' })
  comment!: string;
  @Field(() => ID, { nullable: true, description: 'A photo: an id returned by POST /attachments.' })
  attachmentId?: string | null;
}

@ArgsType()
class RateResolutionArgs extends FeedbackArgs {
  @Field(() => Int, { description: '1 to 5.' }) score!: number;
  @Field(() => String, { nullable: true, description: 'Optional (up to 2000 characters).' })
  comment?: string | null;
}

@Resolver()
export class ResolutionFeedbackResolver {
  @Mutation(() => PrivacyRequestResult, {
    description:
      '"Le mie segnalazioni": mails to the address a link (24 hours) to the list of the reports it sent and follows, with their phases and an unsubscribe per report. The same answer for every address.',
  })
  async requestMyReports(
    @Args(() => PrivacyRequestArgs) args: PrivacyRequestArgs,
    @Ctx() ctx: Context,
  ): Promise<PrivacyRequestResult> {
    await ctx.services.dataSubject.request(
      'my_reports',
      args.email,
      args.locale,
      ctx.clientAddress,
    );
    return { status: PrivacyRequestStatus.REQUEST_SENT };
  }

  @Mutation(() => ReportNotFixedResult, {
    description:
      '"Non è risolto": the reporter of a report resolved at most 30 days ago asks the office to reopen it. INVALID_TOKEN, FEEDBACK_CLOSED (not resolved, or over 30 days), ALREADY_ANSWERED (one is pending).',
  })
  async reportNotFixed(
    @Args(() => ReportNotFixedArgs) args: ReportNotFixedArgs,
    @Ctx() ctx: Context,
  ): Promise<ReportNotFixedResult> {
    await ctx.services.feedback.reportNotFixed(
      args.code,
      args.token,
      args.comment,
      args.attachmentId,
    );
    return { state: ReopenRequestState.PENDING };
  }

  @Mutation(() => RateResolutionResult, {
    description:
      '"Com’è andata?": the reporter’s satisfaction 1–5 with a resolution, once per report, within 30 days. BAD_USER_INPUT (score), INVALID_TOKEN, FEEDBACK_CLOSED, ALREADY_ANSWERED.',
  })
  async rateResolution(
    @Args(() => RateResolutionArgs) args: RateResolutionArgs,
    @Ctx() ctx: Context,
  ): Promise<RateResolutionResult> {
    await ctx.services.feedback.rate(args.code, args.token, args.score, args.comment);
    return { score: args.score };
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => ReopenRequest, {
    description:
      'Accepts a reopen request: the ticket goes back to in lavorazione; reporter and supporters are told.',
  })
  async acceptReopenRequest(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<ReopenRequest> {
    const row = await ctx.services.feedback.decide(
      ctx.viewer,
      parseId(id, 'id', 'int8'),
      { accept: true },
      ctx.clientAddress,
    );
    return toReopenRequest(row);
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => ReopenRequest, {
    description: 'Declines a reopen request; the reason is mailed to the reporter.',
  })
  async declineReopenRequest(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ): Promise<ReopenRequest> {
    const row = await ctx.services.feedback.decide(
      ctx.viewer,
      parseId(id, 'id', 'int8'),
      { accept: false, reason },
      ctx.clientAddress,
    );
    return toReopenRequest(row);
  }
}

@Resolver(() => StaffTicket)
export class StaffTicketFeedbackResolver {
  @FieldResolver(() => [ReopenRequest], {
    description: 'The reporter’s "non è risolto" requests, newest first.',
  })
  async reopenRequests(@Root() ticket: StaffTicket, @Ctx() ctx: Context): Promise<ReopenRequest[]> {
    const rows = await ctx.services.feedback.list(ctx.viewer, Number(ticket.id));
    return rows.map(toReopenRequest);
  }

  @FieldResolver(() => ResolutionRating, {
    nullable: true,
    description: 'The reporter’s satisfaction with the resolution, once given.',
  })
  async resolutionRating(
    @Root() ticket: StaffTicket,
    @Ctx() ctx: Context,
  ): Promise<ResolutionRating | null> {
    const row = await ctx.services.feedback.rating(ctx.viewer, Number(ticket.id));
    return row ? { score: row.score, comment: row.comment, createdAt: row.created_at } : null;
  }
}
