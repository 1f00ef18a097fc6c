// The budget plan (0/1 knapsack) against brute force on small random inputs, on every path: the
// dynamic programme, branch and bound, and the greedy approximation's half-of-optimum bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BRANCH_AND_BOUND_ITEMS,
  EXACT_CELLS,
  planBudget,
  type PlanItem,
} from '../../server/domain/budget-plan.js';

function bruteForce(items: readonly PlanItem[], budget: number): number {
  let best = 0;
  for (let mask = 0; mask < 1 << items.length; mask++) {
    let cost = 0;
    let value = 0;
    items.forEach((it, i) => {
      if (mask & (1 << i)) {
        cost += Math.round(it.cost * 100);
        value += it.value;
      }
    });
    if (cost <= Math.round(budget * 100)) best = Math.max(best, value);
  }
  return best;
}

const roundCost = fc.integer({ min: 1, max: 60 }).map((n) => n * 90);
const centCost = fc.integer({ min: 1, max: 900_000 }).map((n) => n / 100 + 0.01);
const value = fc.double({ min: 0.01, max: 500, noNaN: true }).map((v) => Math.round(v * 100) / 100);

function check(items: PlanItem[], budget: number) {
  const plan = planBudget(items, budget);
  expect(plan.method).toBe('exact');
  expect(plan.totalCost).toBeLessThanOrEqual(budget + 1e-9);
  expect(plan.totalValue).toBeCloseTo(bruteForce(items, budget), 2);
  const cost = plan.chosen.reduce((s, i) => s + items[i].cost, 0);
  expect(plan.totalCost).toBeCloseTo(cost, 2);
}

describe('planBudget', () => {
  it('a budget of 0 or no items gives an empty plan', () => {
    expect(planBudget([], 1000)).toMatchObject({ chosen: [], totalCost: 0, totalValue: 0 });
    expect(planBudget([{ cost: 180, value: 30 }], 0)).toMatchObject({ chosen: [], totalCost: 0 });
  });

  it('is exact on round unit costs (dynamic programme), as brute force says', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cost: roundCost, value }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 20_000 }),
        (items, budget) => check(items, budget),
      ),
      { numRuns: 200 },
    );
  });

  it('is exact on costs in cents with a large budget (branch and bound), as brute force says', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cost: centCost, value }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 50_000, max: 200_000 }),
        (items, budget) => {
          // Large enough that the table would pass EXACT_CELLS or its width bound.
          check(items, budget);
        },
      ),
      { numRuns: 100 },
    );
    expect(BRANCH_AND_BOUND_ITEMS).toBeGreaterThanOrEqual(12);
  });

  it('beyond the exact sizes answers at least half the optimum, within the budget', () => {
    // Many items with awkward cent costs and a large budget: the greedy path. Its optimum is unknown
    // by brute force, so it is bounded by the fractional (LP) optimum, which is ≥ the 0/1 optimum.
    fc.assert(
      fc.property(
        fc.array(fc.record({ cost: centCost, value }), { minLength: 30, maxLength: 60 }),
        fc.integer({ min: 100_000, max: 300_000 }),
        (items, budget) => {
          const plan = planBudget(items, budget);
          const cells = items.length * Math.floor(budget * 100);
          if (cells > EXACT_CELLS) expect(plan.method).toBe('greedy');
          expect(plan.totalCost).toBeLessThanOrEqual(budget + 1e-9);
          const sorted = items
            .filter((i) => i.cost <= budget)
            .sort((a, b) => b.value / b.cost - a.value / a.cost);
          let left = budget;
          let lp = 0;
          for (const it of sorted) {
            const take = Math.min(1, left / it.cost);
            lp += take * it.value;
            left -= take * it.cost;
            if (left <= 0) break;
          }
          expect(plan.totalValue).toBeGreaterThanOrEqual(lp / 2 - 1e-6);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('takes the best single item when greedy by ratio would not', () => {
    // Ratio favours the small item; the big one alone is worth far more.
    const plan = planBudget(
      Array.from({ length: 40 }, (_, i) =>
        i === 0 ? { cost: 1.01, value: 2 } : { cost: 99_999.99 + i / 100, value: 1000 + i },
      ),
      100_000.37,
    );
    expect(plan.totalValue).toBeGreaterThanOrEqual(1000);
  });
});
