import { Arg, Authorized, Ctx, Float, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { parseId } from '../domain/id.js';
import type { AccessRule } from '../domain/staff-access.js';
import { Category, toCategory } from './category.type.js';
import type { Context } from './context.js';
import {
  InterventionCandidate,
  InterventionPlan,
  toCandidate,
  toPlan,
} from './intervention-plan.type.js';
import { Intervention, toIntervention } from './intervention.type.js';
import { TicketFilterInput, toAnalyticsFilter } from './ticket-filter.input.js';

@Resolver()
export class InterventionPlanResolver {
  @Authorized<AccessRule>('analytics:read')
  @Query(() => [InterventionCandidate], {
    description:
      'Planner: streets and clusters of open reports (in no intervention yet) ranked by score, best first; see InterventionCandidate for the formula.',
  })
  async interventionCandidates(
    @Arg('filter', () => TicketFilterInput, { nullable: true }) filter: TicketFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 200.' }) first: number,
    @Ctx() ctx: Context,
  ): Promise<InterventionCandidate[]> {
    const all = await ctx.services.interventionPlans.candidates(
      ctx.viewer,
      toAnalyticsFilter(filter),
    );
    return all.slice(0, Math.max(1, Math.min(200, first))).map(toCandidate);
  }

  @Authorized<AccessRule>('analytics:read')
  @Query(() => InterventionPlan, {
    description:
      'Planner: the candidates that maximise the total score within the budget (euro; 0 gives an empty plan), exact for small inputs, else within ½ of the optimum (see PlanMethod), and what 10 % more budget would add.',
  })
  async planInterventions(
    @Arg('budget', () => Float) budget: number,
    @Arg('filter', () => TicketFilterInput, { nullable: true }) filter: TicketFilterInput | null,
    @Ctx() ctx: Context,
  ): Promise<InterventionPlan> {
    return toPlan(
      await ctx.services.interventionPlans.plan(ctx.viewer, budget, toAnalyticsFilter(filter)),
    );
  }

  @Authorized<AccessRule>('analytics:read')
  @Mutation(() => [Intervention], {
    description:
      'Planners and admins: turns chosen candidates (their keys, from interventionCandidates or planInterventions) into interventions, one each, all at once or none.',
  })
  async createInterventionsFromPlan(
    @Arg('keys', () => [String]) keys: string[],
    @Arg('plannedStart', () => String) plannedStart: string,
    @Arg('plannedEnd', () => String) plannedEnd: string,
    @Ctx() ctx: Context,
  ): Promise<Intervention[]> {
    const ids = await ctx.services.interventionPlans.createFromPlan(
      ctx.viewer,
      { keys, plannedStart, plannedEnd },
      ctx.clientAddress,
    );
    return Promise.all(
      ids.map(async (id) => toIntervention(await ctx.services.interventions.get(ctx.viewer, id))),
    );
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => Category, {
    description:
      "Admins: the euro it takes to fix one report of a category (null: the default 200 €), the base of candidates' estimated cost.",
  })
  async setCategoryUnitCost(
    @Arg('categoryId', () => ID) categoryId: string,
    @Arg('unitCostEur', () => Float, { nullable: true }) unitCostEur: number | null,
    @Ctx() ctx: Context,
  ): Promise<Category> {
    return toCategory(
      await ctx.services.interventionPlans.setUnitCost(
        ctx.viewer,
        parseId(categoryId, 'categoryId', 'int4'),
        unitCostEur,
        ctx.clientAddress,
      ),
    );
  }
}
