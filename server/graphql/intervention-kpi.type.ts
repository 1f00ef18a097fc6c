import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { InterventionKpiRow } from '../db/intervention.queries.js';

@ObjectType({
  description:
    "Staff: the programme's figures over the filtered interventions (operators: of their offices only).",
})
export class InterventionKpis {
  @Field(() => Int) interventionCount!: number;
  @Field(() => Int) plannedCount!: number;
  @Field(() => Int) scheduledCount!: number;
  @Field(() => Int) inProgressCount!: number;
  @Field(() => Int) completedCount!: number;
  @Field(() => Int) cancelledCount!: number;
  @Field(() => Float, {
    description: 'Euro: the estimated cost of every intervention not cancelled.',
  })
  plannedCost!: number;
  @Field(() => Float, {
    description:
      'Euro: the estimated cost of the completed interventions (no final invoice is kept).',
  })
  spentCost!: number;
  @Field(() => Int, {
    description: 'Reports resolved by completing an intervention (those its completion resolved).',
  })
  ticketsClosed!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Median days from planning (creation) to completion; null: none completed.',
  })
  medianDaysToComplete!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Share (0–1) of completed interventions completed on or before their planned last day (Europe/Rome); null: none completed.',
  })
  onTimeShare!: number | null;
}

export function toInterventionKpis(row: InterventionKpiRow): InterventionKpis {
  return {
    interventionCount: row.intervention_count,
    plannedCount: row.planned_count,
    scheduledCount: row.scheduled_count,
    inProgressCount: row.in_progress_count,
    completedCount: row.completed_count,
    cancelledCount: row.cancelled_count,
    plannedCost: row.planned_cost_eur,
    spentCost: row.spent_cost_eur,
    ticketsClosed: row.tickets_closed,
    medianDaysToComplete:
      row.median_days_to_complete === null
        ? null
        : Math.round(row.median_days_to_complete * 10) / 10,
    onTimeShare: row.on_time_share === null ? null : Math.round(row.on_time_share * 1000) / 1000,
  };
}
