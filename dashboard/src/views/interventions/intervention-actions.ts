// Which moves the detail panel offers: the intervention state machine of server/domain/intervention.ts
// (the dashboard may not import the server; test/unit/dashboard-enums.test.ts checks this copy), and who
// may make them: planners and admins every move, operators only the completion.
import type { InterventionStatus } from '../../api/intervention.operations.js';
import type { Me } from '../../api/staff.operations.js';

export const INTERVENTION_MOVES = {
  scheduleIntervention: ['PLANNED'],
  startIntervention: ['PLANNED', 'SCHEDULED'],
  completeIntervention: ['SCHEDULED', 'IN_PROGRESS'],
  cancelIntervention: ['PLANNED', 'SCHEDULED', 'IN_PROGRESS'],
} as const satisfies Record<string, readonly InterventionStatus[]>;
export type InterventionMove = keyof typeof INTERVENTION_MOVES;

export const ACTIVE_STATUSES: readonly InterventionStatus[] = [
  'PLANNED',
  'SCHEDULED',
  'IN_PROGRESS',
];

export function canPlan(me: Me): boolean {
  return me.role === 'PLANNER' || me.role === 'ADMIN';
}

export function allowedMoves(status: InterventionStatus, me: Me): InterventionMove[] {
  return (Object.keys(INTERVENTION_MOVES) as InterventionMove[]).filter(
    (m) =>
      (INTERVENTION_MOVES[m] as readonly InterventionStatus[]).includes(status) &&
      (canPlan(me) || m === 'completeIntervention'),
  );
}

/** Rescheduling and linking: planners and admins, while the intervention is still to be done. */
export function canEditPlan(status: InterventionStatus, me: Me): boolean {
  return canPlan(me) && ACTIVE_STATUSES.includes(status);
}

/** The reports an intervention counts: those it holds; once closed, every one it had. */
export function linkedCount(i: {
  status: InterventionStatus;
  tickets: readonly { active: boolean }[];
}): number {
  return ACTIVE_STATUSES.includes(i.status)
    ? i.tickets.filter((x) => x.active).length
    : i.tickets.length;
}
