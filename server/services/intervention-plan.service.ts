// Where to intervene and what a budget buys: ranked candidates (intervention-candidate.ts, scored by
// intervention-score.ts), the budget plan (budget-plan.ts), a plan turned into interventions in one
// transaction, and the admins' unit cost per category. Reads go to the analytics pool, like every
// planner's figure; the writes to the primary.
import type pg from 'pg';
import { findDuplicateClusters } from '../db/analytics.queries.js';
import { analyticsDb } from '../db/analytics-session.js';
import { insertAudit } from '../db/audit.queries.js';
import { updateCategoryUnitCost, type CategoryRow } from '../db/category.queries.js';
import { findStreetsByIds, listCandidateTickets } from '../db/intervention-candidate.queries.js';
import { withTransaction, type Queryable } from '../db/pool.js';
import type { StreetRow } from '../db/street.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { planBudget } from '../domain/budget-plan.js';
import { buildCandidates, type Candidate } from '../domain/intervention-candidate.js';
import { validateCost, validatePlannedDates } from '../domain/intervention.js';
import { requireAdmin } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import type { AnalyticsFilter, AnalyticsService } from './analytics.service.js';
import { CLUSTER_LIMITS } from './analytics.service.js';
import type { InterventionService } from './intervention.service.js';
import { requirePlanning } from './intervention.service.js';
import { DEFAULT_RECURRENCE } from './street-stats.service.js';

/** The most open tickets a ranking reads (a comune has hundreds; a region's planner filters first). */
export const MAX_CANDIDATE_TICKETS = 20_000;
export const MAX_PLAN_BUDGET_EUR = 100_000_000;

export interface RankedCandidate extends Candidate {
  street: StreetRow | null;
}

export interface PlanSummary {
  budget: number;
  candidates: RankedCandidate[];
  totalCost: number;
  totalScore: number;
  ticketCount: number;
  method: 'exact' | 'greedy';
}

export interface InterventionPlan extends PlanSummary {
  /** The plan for 110 % of the budget: what the next 10 % would add. */
  nextTenPercent: PlanSummary;
}

export class InterventionPlanService {
  private readonly db: Queryable;

  constructor(
    private readonly pool: pg.Pool,
    analyticsPool: pg.Pool,
    private readonly municipalityId: number,
    private readonly analytics: AnalyticsService,
    private readonly interventions: InterventionService,
  ) {
    this.db = analyticsDb(analyticsPool);
  }

  /** Every candidate of the filtered open tickets, best first. */
  async candidates(
    viewer: Viewer | null,
    filter: AnalyticsFilter,
    now = new Date(),
  ): Promise<RankedCandidate[]> {
    requirePlanning(viewer);
    const scope = this.analytics.scope(viewer, filter, now);
    const rows = await listCandidateTickets(
      this.db,
      scope,
      DEFAULT_RECURRENCE,
      MAX_CANDIDATE_TICKETS,
    );
    const clusters = await findDuplicateClusters(
      this.db,
      scope,
      CLUSTER_LIMITS.epsM.default,
      CLUSTER_LIMITS.minPoints.default,
      CLUSTER_LIMITS.limit.max,
    );
    const ranked = buildCandidates(
      rows.map((r) => ({
        id: r.id,
        code: r.code,
        streetId: r.street_id,
        officeId: r.office_id,
        categoryId: r.category_id,
        supporters: r.supporters,
        overdue: r.overdue,
        recurrence: r.recurrence,
        ageDays: r.age_days,
        priority: r.priority,
        unitCostEur: r.unit_cost_eur,
      })),
      clusters.map((c) => ({
        id: `${c.category_id}-${c.first_id}`,
        categoryId: c.category_id,
        codes: c.tickets.map((t) => t.code),
      })),
    );
    const ids = [...new Set(ranked.flatMap((c) => (c.streetId === null ? [] : [c.streetId])))];
    const streets = new Map(
      (await findStreetsByIds(this.db, this.municipalityId, ids)).map((s) => [s.id, s]),
    );
    return ranked.map((c) => ({
      ...c,
      street: c.streetId === null ? null : (streets.get(c.streetId) ?? null),
    }));
  }

  async plan(
    viewer: Viewer | null,
    budget: number,
    filter: AnalyticsFilter,
    now = new Date(),
  ): Promise<InterventionPlan> {
    requirePlanning(viewer);
    if (!Number.isFinite(budget) || budget < 0 || budget > MAX_PLAN_BUDGET_EUR)
      throw badInput('budget', `Il budget va da 0 a ${MAX_PLAN_BUDGET_EUR} €.`);
    const all = await this.candidates(viewer, filter, now);
    return { ...summary(all, budget), nextTenPercent: summary(all, budget * 1.1) };
  }

  /**
   * Turns chosen candidates (their keys) into interventions, one per candidate, all in one transaction:
   * one refused (a ticket taken meanwhile, a stale key) and none is made.
   */
  async createFromPlan(
    viewer: Viewer | null,
    input: { keys: string[]; plannedStart: string; plannedEnd: string },
    address?: string,
  ): Promise<number[]> {
    const staff = requirePlanning(viewer);
    if (input.keys.length === 0) throw badInput('keys', 'Scegli almeno un candidato.');
    if (new Set(input.keys).size !== input.keys.length)
      throw badInput('keys', 'Lo stesso candidato compare più volte.');
    validatePlannedDates(input.plannedStart, input.plannedEnd);
    const byKey = new Map((await this.candidates(viewer, {})).map((c) => [c.key, c]));
    const chosen = input.keys.map((k) => {
      const c = byKey.get(k);
      if (!c)
        throw badInput(
          'keys',
          `Candidato non più disponibile: ${k.slice(0, 60)}. Ricalcola il piano.`,
        );
      return c;
    });
    return withTransaction(this.pool, async (tx) => {
      const ids: number[] = [];
      for (const c of chosen)
        ids.push(
          await this.interventions.createIn(
            tx,
            staff,
            {
              title: candidateTitle(c),
              officeId: c.officeId,
              ticketIds: c.tickets.map((t) => t.id),
              estimatedCost: c.estimatedCost,
              plannedStart: input.plannedStart,
              plannedEnd: input.plannedEnd,
              streetId: c.kind === 'street' ? c.streetId : null,
            },
            address,
          ),
        );
      return ids;
    });
  }

  async setUnitCost(
    viewer: Viewer | null,
    categoryId: number,
    unitCostEur: number | null,
    address?: string,
  ): Promise<CategoryRow> {
    const staff = requireAdmin(viewer);
    const cost = unitCostEur === null ? null : validateCost(unitCostEur, 'unitCostEur');
    return withTransaction(this.pool, async (tx) => {
      const row = await updateCategoryUnitCost(tx, this.municipalityId, categoryId, cost);
      if (!row) throw new AppError('NOT_FOUND', 'Categoria non trovata.');
      await insertAudit(tx, this.municipalityId, {
        actorStaffId: staff.staffId,
        action: 'category.setUnitCost',
        target: `category:${categoryId}`,
        address,
        details: { unitCostEur: cost },
      });
      return row;
    });
  }
}

function candidateTitle(c: RankedCandidate): string {
  const where = c.street?.name_display ?? 'area';
  const n = c.tickets.length;
  return c.kind === 'cluster'
    ? `Intervento su ${n} segnalazioni vicine – ${where}`
    : `Intervento su ${where} (${n} ${n === 1 ? 'segnalazione' : 'segnalazioni'})`;
}

function summary(all: RankedCandidate[], budget: number): PlanSummary {
  const plan = planBudget(
    all.map((c) => ({ cost: c.estimatedCost, value: c.score })),
    budget,
  );
  const candidates = plan.chosen.map((i) => all[i]).sort((a, b) => b.score - a.score);
  return {
    budget: Math.round(budget * 100) / 100,
    candidates,
    totalCost: plan.totalCost,
    totalScore: plan.totalValue,
    ticketCount: candidates.reduce((s, c) => s + c.tickets.length, 0),
    method: plan.method,
  };
}
