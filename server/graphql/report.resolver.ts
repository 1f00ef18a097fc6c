import { Arg, Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AccessRule } from '../domain/staff-access.js';
import { AppError } from '../domain/app-error.js';
import type { Context } from './context.js';
import {
  JoinReportArgs,
  JoinResult,
  JoinStatus,
  StaffReportInput,
  StaffReportPayload,
  SubmitReportInput,
  SubmitReportPayload,
} from './report.input.js';
import { toStaffTicket } from './staff-ticket.type.js';
import { toTicket, type Ticket } from './ticket.type.js';

async function loadTicket(ctx: Context, code: string): Promise<Ticket> {
  const row = await ctx.services.publicTickets.byCode(code);
  if (!row) throw new AppError('NOT_FOUND', `Nessuna segnalazione con codice ${code}.`);
  return toTicket(row);
}

@Resolver()
export class ReportResolver {
  @Mutation(() => SubmitReportPayload, {
    description:
      'Files a citizen report; the reporter gets an e-mail with the tracking code (or, where the comune asks for it, a link to confirm the report first).',
  })
  async submitReport(
    @Arg('input', () => SubmitReportInput) input: SubmitReportInput,
    @Ctx() ctx: Context,
  ): Promise<SubmitReportPayload> {
    const code = await ctx.services.reports.submit(
      { ...input, location: { lon: input.location.lon, lat: input.location.lat } },
      ctx.clientAddress,
    );
    if (code === null) return { ticket: null, confirmationRequired: true };
    return { ticket: await loadTicket(ctx, code), confirmationRequired: false };
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => StaffReportPayload, {
    description:
      "Operators and admins: files a report taken by phone, at the desk, by e-mail, PEC or in person, with the citizen form's rules, routing and tracking code.",
  })
  async createStaffReport(
    @Arg('input', () => StaffReportInput) input: StaffReportInput,
    @Ctx() ctx: Context,
  ): Promise<StaffReportPayload> {
    const row = await ctx.services.reports.submitStaff(
      ctx.viewer,
      { ...input, location: { lon: input.location.lon, lat: input.location.lat } },
      ctx.clientAddress,
    );
    return { ticket: toStaffTicket(row) };
  }

  @Mutation(() => JoinResult, {
    description:
      '"Mi associo": asks to follow an open report with the same problem. The address gets a confirmation link (or, when it already follows, a notice); it counts as a supporter once confirmed. The answer is the same for every address.',
  })
  async joinReport(
    @Args(() => JoinReportArgs) args: JoinReportArgs,
    @Ctx() ctx: Context,
  ): Promise<JoinResult> {
    await ctx.services.joins.join(
      args.code,
      args.email,
      args.locale,
      ctx.clientAddress,
      args.privacyNoticeVersion,
    );
    return { status: JoinStatus.CONFIRMATION_SENT };
  }
}
