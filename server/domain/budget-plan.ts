// Chooses items (intervention candidates) maximising the total score within a budget: the 0/1 knapsack.
//
// Exact: dynamic programming over cost, in units of g = the greatest common divisor of the costs (in
// cents). Unit costs are round figures (180 €, 350 €), so g is large and the table small: it runs when
// items × ⌊budget / g⌋ ≤ EXACT_CELLS. Few items (≤ BRANCH_AND_BOUND_ITEMS) with awkward costs: branch and
// bound, exact too. Beyond that, the greedy approximation: take items by score per
// euro while they fit, then answer the better of that and the best single item that fits. That answer
// is at least half the optimum (the classic bound: the greedy prefix plus the first item that did not
// fit is worth at least the LP optimum, so one of the two is worth half of it).

export interface PlanItem {
  cost: number;
  value: number;
}

export interface BudgetPlan {
  /** Indices of the chosen items, ascending. */
  chosen: number[];
  totalCost: number;
  totalValue: number;
  method: 'exact' | 'greedy';
}

/** The dynamic programme's table: items × capacity cells at most, and capacity cells at most. */
export const EXACT_CELLS = 20_000_000;
export const EXACT_WIDTH = 2_000_000;
/** Branch and bound when the table would be larger but the items are few. */
export const BRANCH_AND_BOUND_ITEMS = 24;

const cents = (euro: number): number => Math.round(euro * 100);

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function summed(items: readonly PlanItem[], chosen: number[], method: BudgetPlan['method']) {
  chosen.sort((a, b) => a - b);
  const totalCost = chosen.reduce((s, i) => s + cents(items[i].cost), 0) / 100;
  const totalValue = Math.round(chosen.reduce((s, i) => s + items[i].value, 0) * 100) / 100;
  return { chosen, totalCost, totalValue, method };
}

export function planBudget(items: readonly PlanItem[], budget: number): BudgetPlan {
  const cap = Math.max(0, Math.floor(cents(Math.max(0, budget))));
  // Free items are always taken; items dearer than the budget or worth nothing never.
  const free = items.flatMap((it, i) => (cents(it.cost) === 0 && it.value > 0 ? [i] : []));
  const rest = items.flatMap((it, i) =>
    cents(it.cost) > 0 && cents(it.cost) <= cap && it.value > 0 ? [i] : [],
  );
  if (rest.length === 0) return summed(items, free, 'exact');
  const g = rest.reduce((acc, i) => gcd(acc, cents(items[i].cost)), 0);
  const width = Math.floor(cap / g);
  if (rest.length * (width + 1) <= EXACT_CELLS && width <= EXACT_WIDTH)
    return summed(items, [...free, ...exact(items, rest, g, width)], 'exact');
  if (rest.length <= BRANCH_AND_BOUND_ITEMS)
    return summed(items, [...free, ...branchAndBound(items, rest, cap)], 'exact');
  return summed(items, [...free, ...greedy(items, rest, cap)], 'greedy');
}

/**
 * Few items with costs that share no large divisor (cents): depth-first search, items by score per euro,
 * pruned by the fractional (LP) bound. Exact.
 */
function branchAndBound(items: readonly PlanItem[], idx: number[], cap: number): number[] {
  const order = [...idx].sort(
    (a, b) => items[b].value / items[b].cost - items[a].value / items[a].cost || a - b,
  );
  const cost = order.map((i) => cents(items[i].cost));
  const value = order.map((i) => items[i].value);
  let bestValue = -1;
  let best: number[] = [];
  const taken: number[] = [];
  const bound = (k: number, left: number, v: number): number => {
    for (; k < order.length; k++) {
      if (cost[k] <= left) {
        left -= cost[k];
        v += value[k];
      } else return v + (value[k] * left) / cost[k];
    }
    return v;
  };
  const visit = (k: number, left: number, v: number): void => {
    if (v > bestValue + 1e-9) {
      bestValue = v;
      best = [...taken];
    }
    if (k === order.length || bound(k, left, v) <= bestValue + 1e-9) return;
    if (cost[k] <= left) {
      taken.push(order[k]);
      visit(k + 1, left - cost[k], v + value[k]);
      taken.pop();
    }
    visit(k + 1, left, v);
  };
  visit(0, cap, 0);
  return best;
}

function exact(items: readonly PlanItem[], idx: number[], g: number, width: number): number[] {
  const best = new Float64Array(width + 1);
  // take[k * (width + 1) + w]: item k improved the best value at capacity w.
  const take = new Uint8Array(idx.length * (width + 1));
  idx.forEach((itemIndex, k) => {
    const w0 = cents(items[itemIndex].cost) / g;
    const v = items[itemIndex].value;
    for (let w = width; w >= w0; w--) {
      const candidate = best[w - w0] + v;
      if (candidate > best[w] + 1e-9) {
        best[w] = candidate;
        take[k * (width + 1) + w] = 1;
      }
    }
  });
  const chosen: number[] = [];
  let w = width;
  for (let k = idx.length - 1; k >= 0; k--) {
    if (take[k * (width + 1) + w]) {
      chosen.push(idx[k]);
      w -= cents(items[idx[k]].cost) / g;
    }
  }
  return chosen;
}

function greedy(items: readonly PlanItem[], idx: number[], cap: number): number[] {
  const byRatio = [...idx].sort(
    (a, b) => items[b].value / items[b].cost - items[a].value / items[a].cost || a - b,
  );
  const chosen: number[] = [];
  let left = cap;
  for (const i of byRatio) {
    if (cents(items[i].cost) <= left) {
      chosen.push(i);
      left -= cents(items[i].cost);
    }
  }
  const greedyValue = chosen.reduce((s, i) => s + items[i].value, 0);
  const single = idx.reduce((b, i) => (items[i].value > items[b].value ? i : b), idx[0]);
  return items[single].value > greedyValue ? [single] : chosen;
}
