import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { AccessRule } from '../domain/staff-access.js';
import { PageArgs, toConnection, type ConnectionShape } from './connection.js';
import type { Context } from './context.js';
import {
  PrivacyNoticeVersion,
  PrivacyRequestArgs,
  PrivacyRequestConnection,
  PrivacyRequestResult,
  type PrivacyRequest,
  PrivacyRequestStatus,
  PublishPrivacyNoticeArgs,
  toPrivacyNoticeVersion,
  toPrivacyRequest,
} from './privacy.type.js';

@Resolver()
export class PrivacyResolver {
  @Mutation(() => PrivacyRequestResult, {
    description:
      'GDPR art. 15: mails to the address a link to the copy of the data held for it (HTML page and JSON). The same answer for every address.',
  })
  async requestMyData(
    @Args(() => PrivacyRequestArgs) args: PrivacyRequestArgs,
    @Ctx() ctx: Context,
  ): Promise<PrivacyRequestResult> {
    await ctx.services.dataSubject.request('data_copy', args.email, args.locale, ctx.clientAddress);
    return { status: PrivacyRequestStatus.REQUEST_SENT };
  }

  @Mutation(() => PrivacyRequestResult, {
    description:
      'GDPR art. 17: mails to the address a link that erases its contact from every report and follow. The same answer for every address.',
  })
  async requestErasure(
    @Args(() => PrivacyRequestArgs) args: PrivacyRequestArgs,
    @Ctx() ctx: Context,
  ): Promise<PrivacyRequestResult> {
    await ctx.services.dataSubject.request('erasure', args.email, args.locale, ctx.clientAddress);
    return { status: PrivacyRequestStatus.REQUEST_SENT };
  }

  @Authorized<AccessRule>('admin')
  @Query(() => PrivacyRequestConnection, {
    description:
      'Admins: the data-copy and erasure requests, newest first, with their state, in pages (`first` ≤ 100, `after` an endCursor) and their total.',
  })
  async privacyRequests(
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<PrivacyRequest>> {
    const page = await ctx.services.dataSubject.list(ctx.viewer, args.first, args.after);
    return toConnection({ ...page, nodes: page.nodes.map(toPrivacyRequest) });
  }

  @Query(() => PrivacyNoticeVersion, {
    nullable: true,
    description:
      'A published version of the privacy notice (the current one without `version`); null when the comune has published none (the app’s default text applies) or that version does not exist.',
  })
  async privacyNotice(
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<PrivacyNoticeVersion | null> {
    const rows = await ctx.services.privacyNotices.published(version);
    return rows ? toPrivacyNoticeVersion(rows) : null;
  }

  @Authorized<AccessRule>('admin')
  @Query(() => [PrivacyNoticeVersion], { description: 'Admins: every version, newest first.' })
  async privacyNotices(@Ctx() ctx: Context): Promise<PrivacyNoticeVersion[]> {
    return (await ctx.services.privacyNotices.list(ctx.viewer)).map(toPrivacyNoticeVersion);
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => PrivacyNoticeVersion, {
    description:
      'Admins: publishes a new version of the privacy notice; older versions stay, for the reports and joins that accepted them.',
  })
  async publishPrivacyNotice(
    @Args(() => PublishPrivacyNoticeArgs) args: PublishPrivacyNoticeArgs,
    @Ctx() ctx: Context,
  ): Promise<PrivacyNoticeVersion> {
    const row = await ctx.services.privacyNotices.publish(
      ctx.viewer,
      { it: args.it, en: args.en },
      ctx.clientAddress,
    );
    return toPrivacyNoticeVersion(row);
  }
}
