import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SCORE_FORMULA } from '../domain/intervention-score.js';
import type {
  InterventionPlan as DomainPlan,
  PlanSummary,
  RankedCandidate,
} from '../services/intervention-plan.service.js';
import { Street, toStreet } from './street.type.js';

export enum CandidateKind {
  STREET = 'street',
  CLUSTER = 'cluster',
}

registerEnumType(CandidateKind, {
  name: 'CandidateKind',
  description:
    "STREET: a street's open reports of one office; CLUSTER: open reports of one category within 30 m of each other (duplicateClusters' DBSCAN). A report is in at most one candidate (clusters first).",
});

export enum PlanMethod {
  EXACT = 'exact',
  GREEDY = 'greedy',
}

registerEnumType(PlanMethod, {
  name: 'PlanMethod',
  description:
    "EXACT: the best total score within the budget (0/1 knapsack by dynamic programming over cost in units of the costs' greatest common divisor, or branch and bound for ≤ 24 candidates). GREEDY: beyond that size, the better of greedy-by-score-per-euro and the best single candidate, guaranteed at least half the optimum.",
});

@ObjectType({ description: 'An open report of a candidate, with the facts its score counts.' })
export class CandidateTicket {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => Int) supporters!: number;
  @Field(() => Boolean) overdue!: boolean;
  @Field(() => Boolean) recurrence!: boolean;
  @Field(() => Float) ageDays!: number;
  @Field(() => Int) priority!: number;
}

@ObjectType({
  description: `Planner: where an intervention would pay off. ${SCORE_FORMULA}. The estimated cost is the sum of the reports' category unit costs (Category.unitCostEur, 200 € when unset).`,
})
export class InterventionCandidate {
  @Field(() => String, {
    description:
      'Stable key ("street:<street>:<office>" or "cluster:<category>-<first ticket>") for createInterventionsFromPlan.',
  })
  key!: string;
  @Field(() => CandidateKind) kind!: CandidateKind;
  @Field(() => Float, { description: SCORE_FORMULA }) score!: number;
  @Field(() => Float, { description: 'Euro.' }) estimatedCost!: number;
  @Field(() => Int) ticketCount!: number;
  @Field(() => Float, { nullable: true, description: 'Reports closed per 1,000 € (null: free).' })
  ticketsPer1000Euro!: number | null;
  @Field(() => Street, {
    nullable: true,
    description: 'The street (a cluster: the one most of its reports lie on).',
  })
  street!: Street | null;
  @Field(() => ID) officeId!: string;
  @Field(() => ID, { nullable: true, description: "A cluster's category." }) categoryId!:
    string | null;
  @Field(() => [CandidateTicket]) tickets!: CandidateTicket[];
}

export function toCandidate(c: RankedCandidate): InterventionCandidate {
  return {
    key: c.key,
    kind: c.kind as unknown as CandidateKind,
    score: c.score,
    estimatedCost: c.estimatedCost,
    ticketCount: c.tickets.length,
    ticketsPer1000Euro: c.ticketsPer1000Euro,
    street: c.street ? toStreet(c.street) : null,
    officeId: String(c.officeId),
    categoryId: c.categoryId === null ? null : String(c.categoryId),
    tickets: c.tickets.map((t) => ({
      id: String(t.id),
      code: t.code,
      supporters: t.supporters,
      overdue: t.overdue,
      recurrence: t.recurrence,
      ageDays: t.ageDays,
      priority: t.priority,
    })),
  };
}

@ObjectType({ description: 'The candidates chosen for one budget.' })
export class PlanStep {
  @Field(() => Float) budget!: number;
  @Field(() => Float) totalCost!: number;
  @Field(() => Float) totalScore!: number;
  @Field(() => Int) ticketCount!: number;
  @Field(() => PlanMethod) method!: PlanMethod;
  @Field(() => [InterventionCandidate]) candidates!: InterventionCandidate[];
}

@ObjectType({ description: 'Planner: the candidates maximising the total score within a budget.' })
export class InterventionPlan extends PlanStep {
  @Field(() => PlanStep, {
    description: 'The plan for 110 % of the budget: what the next 10 % would add.',
  })
  nextTenPercent!: PlanStep;
  @Field(() => Float, { description: 'Score the next 10 % of budget adds.' })
  nextTenPercentAddedScore!: number;
  @Field(() => Int, { description: 'Reports the next 10 % of budget adds.' })
  nextTenPercentAddedTickets!: number;
}

function toStep(s: PlanSummary): PlanStep {
  return {
    budget: s.budget,
    totalCost: s.totalCost,
    totalScore: s.totalScore,
    ticketCount: s.ticketCount,
    method: s.method as unknown as PlanMethod,
    candidates: s.candidates.map(toCandidate),
  };
}

export function toPlan(p: DomainPlan): InterventionPlan {
  return {
    ...toStep(p),
    nextTenPercent: toStep(p.nextTenPercent),
    nextTenPercentAddedScore: Math.round((p.nextTenPercent.totalScore - p.totalScore) * 100) / 100,
    nextTenPercentAddedTickets: p.nextTenPercent.ticketCount - p.ticketCount,
  };
}
