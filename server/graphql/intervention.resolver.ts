import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { parseId, parseIds } from '../domain/id.js';
import type { InterventionAction } from '../domain/intervention.js';
import type { AccessRule } from '../domain/staff-access.js';
import { toConnection, type ConnectionShape } from './connection.js';
import type { Context } from './context.js';
import { InterventionKpis, toInterventionKpis } from './intervention-kpi.type.js';
import {
  CreateInterventionInput,
  InterventionFilterInput,
  InterventionsArgs,
  toCreateInput,
  toInterventionFilter,
} from './intervention.input.js';
import {
  Intervention,
  InterventionConnection,
  InterventionPayload,
  InterventionTicket,
  SuggestedTicket,
  toIntervention,
  toInterventionTicket,
} from './intervention.type.js';
import { toGraphQLStatus } from './ticket-status.enum.js';

const payload = (row: Parameters<typeof toIntervention>[0]): InterventionPayload => ({
  intervention: toIntervention(row),
});

@Resolver(() => Intervention)
export class InterventionResolver {
  @Authorized<AccessRule>('tickets:read')
  @Query(() => Intervention, {
    description: 'Staff: one intervention (operators: of their offices only).',
  })
  async intervention(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Intervention> {
    return toIntervention(
      await ctx.services.interventions.get(ctx.viewer, parseId(id, 'id', 'int4')),
    );
  }

  @Authorized<AccessRule>('tickets:read')
  @Query(() => InterventionConnection, {
    description: 'Staff: interventions, newest first (operators: of their offices only).',
  })
  async interventions(
    @Args(() => InterventionsArgs) args: InterventionsArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<Intervention>> {
    const page = await ctx.services.interventions.list(
      ctx.viewer,
      toInterventionFilter(args.filter),
      args.first,
      args.after,
    );
    return toConnection({ ...page, nodes: page.nodes.map(toIntervention) });
  }

  @Authorized<AccessRule>('tickets:read')
  @Query(() => InterventionKpis, {
    description:
      "Staff: the programme's figures (planned and spent cost, reports closed, median days to completion, on-time share) over the filtered interventions; operators: of their offices only.",
  })
  async interventionKpis(
    @Arg('filter', () => InterventionFilterInput, { nullable: true })
    filter: InterventionFilterInput | null,
    @Ctx() ctx: Context,
  ): Promise<InterventionKpis> {
    return toInterventionKpis(
      await ctx.services.interventions.kpis(ctx.viewer, toInterventionFilter(filter)),
    );
  }

  @FieldResolver(() => [InterventionTicket], {
    description: 'Its tickets: those it holds; once completed or cancelled, every one it had.',
  })
  async tickets(@Root() i: Intervention, @Ctx() ctx: Context): Promise<InterventionTicket[]> {
    return (await ctx.services.interventions.linkedTickets(i.source)).map(toInterventionTicket);
  }

  @FieldResolver(() => [SuggestedTicket], {
    description:
      'Open reports filed inside the covered area since the intervention was created, of a category it has, in no intervention: to link (automatic when the comune sets interventionAutoLink).',
  })
  async suggestedTickets(@Root() i: Intervention, @Ctx() ctx: Context): Promise<SuggestedTicket[]> {
    return (await ctx.services.interventions.suggestedTickets(i.source)).map((t) => ({
      id: String(t.ticket_id),
      code: t.code,
      status: toGraphQLStatus(t.status),
    }));
  }

  @Authorized<AccessRule>('analytics:read')
  @Mutation(() => InterventionPayload, {
    description:
      'Planners and admins: creates an intervention (pianificato) and links its open reports: each moves to in lavorazione with the public note "Intervento programmato per il …", and each reporter or supporter gets one mail however many of their reports it covers.',
  })
  async createIntervention(
    @Arg('input', () => CreateInterventionInput) input: CreateInterventionInput,
    @Ctx() ctx: Context,
  ): Promise<InterventionPayload> {
    return payload(
      await ctx.services.interventions.create(ctx.viewer, toCreateInput(input), ctx.clientAddress),
    );
  }

  @Authorized<AccessRule>('analytics:read')
  @Mutation(() => InterventionPayload, { description: 'Planners and admins: planned → scheduled.' })
  scheduleIntervention(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: Context,
  ): Promise<InterventionPayload> {
    return this.move(ctx, 'scheduleIntervention', id, version, null);
  }

  @Authorized<AccessRule>('analytics:read')
  @Mutation(() => InterventionPayload, {
    description: 'Planners and admins: planned or scheduled → in progress.',
  })
  startIntervention(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: Context,
  ): Promise<InterventionPayload> {
    return this.move(ctx, 'startIntervention', id, version, null);
  }

  @Authorized<AccessRule>('tickets:read')
  @Mutation(() => InterventionPayload, {
    description:
      "Planners, admins and the operators of the intervention's office: completes it; every linked report still open is resolved with the note (public, required); one mail per person.",
  })
  completeIntervention(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('note', () => String) note: string,
    @Ctx() ctx: Context,
  ): Promise<InterventionPayload> {
    return this.move(ctx, 'completeIntervention', id, version, note);
  }

  @Authorized<AccessRule>('analytics:read')
  @Mutation(() => InterventionPayload, {
    description:
      'Planners and admins: cancels it; each report it moved returns to the phase it had, with the note (public); one mail per person.',
  })
  cancelIntervention(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ): Promise<InterventionPayload> {
    return this.move(ctx, 'cancelIntervention', id, version, note);
  }

  @Authorized<AccessRule>('analytics:read')
  @Mutation(() => InterventionPayload, {
    description:
      'Planners and admins: new planned dates; each open linked report gets a public note and each person one mail.',
  })
  async rescheduleIntervention(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('plannedStart', () => String) plannedStart: string,
    @Arg('plannedEnd', () => String) plannedEnd: string,
    @Ctx() ctx: Context,
  ): Promise<InterventionPayload> {
    return payload(
      await ctx.services.interventions.reschedule(
        ctx.viewer,
        { id: parseId(id, 'id', 'int4'), version, plannedStart, plannedEnd },
        ctx.clientAddress,
      ),
    );
  }

  @Authorized<AccessRule>('analytics:read')
  @Mutation(() => InterventionPayload, {
    description: 'Planners and admins: links more open reports (as createIntervention does).',
  })
  async linkInterventionTickets(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('ticketIds', () => [ID]) ticketIds: string[],
    @Ctx() ctx: Context,
  ): Promise<InterventionPayload> {
    return payload(
      await ctx.services.interventions.link(
        ctx.viewer,
        {
          id: parseId(id, 'id', 'int4'),
          version,
          ticketIds: parseIds(ticketIds, 'ticketIds', 'int8') ?? [],
        },
        ctx.clientAddress,
      ),
    );
  }

  @Authorized<AccessRule>('analytics:read')
  @Mutation(() => InterventionPayload, {
    description:
      'Planners and admins: unlinks reports; each returns to the phase it had before, with the note (public).',
  })
  async unlinkInterventionTickets(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('ticketIds', () => [ID]) ticketIds: string[],
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ): Promise<InterventionPayload> {
    return payload(
      await ctx.services.interventions.unlink(
        ctx.viewer,
        {
          id: parseId(id, 'id', 'int4'),
          version,
          ticketIds: parseIds(ticketIds, 'ticketIds', 'int8') ?? [],
          note,
        },
        ctx.clientAddress,
      ),
    );
  }

  private async move(
    ctx: Context,
    action: InterventionAction,
    id: string,
    version: number,
    note: string | null,
  ): Promise<InterventionPayload> {
    return payload(
      await ctx.services.interventions.changeStatus(
        ctx.viewer,
        action,
        { id: parseId(id, 'id', 'int4'), version, note },
        ctx.clientAddress,
      ),
    );
  }
}
