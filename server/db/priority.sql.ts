// The suggested-priority score of domain/priority.ts (suggestPriority) as a SQL expression, so that the inbox can
// sort by it. Built from PRIORITY_WEIGHTS and CATEGORY_POINTS, in the same order of float8 operations as the
// TypeScript, so both give the same score (test/integration/sql-rules.test.ts compares them on many inputs).
import { CATEGORY_POINTS, PRIORITY_WEIGHTS } from '../domain/priority.js';

/** SQL expressions (column references) for the inputs of suggestPriority. */
export interface PriorityColumns {
  /** float8 */
  ageHours: string;
  /** integer */
  slaHours: string;
  /** integer */
  supporters: string;
  /** integer */
  nearbyOpen: string;
}

function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite weight: ${n}`);
  return `${n}::float8`;
}

const round1 = (x: string): string => `(floor((${x}) * 10 + 0.5::float8) / 10)`;

export function suggestedScoreSql(c: PriorityColumns): string {
  const w = PRIORITY_WEIGHTS;
  const ratio = `(greatest(0, ${c.ageHours}) / greatest(1, ${c.slaHours}))`;
  const sla = round1(`least(${num(w.slaMax)}, ${num(w.slaPerRatio)} * ${ratio})`);
  const supporters = `least(${num(w.supportersMax)}, ${num(w.perSupporter)} * ${c.supporters})`;
  const cluster = `least(${num(w.clusterMax)}, ${num(w.perNearby)} * ${c.nearbyOpen})`;
  const bounded = CATEGORY_POINTS.filter((r) => r.maxSlaHours !== null);
  const rest = CATEGORY_POINTS.find((r) => r.maxSlaHours === null)?.points ?? 0;
  const category = `case ${bounded
    .map((r) => `when ${c.slaHours} <= ${num(r.maxSlaHours!)} then ${num(r.points)}`)
    .join(' ')} else ${num(rest)} end`;
  return round1(`${sla} + ${supporters} + ${cluster} + ${category}`);
}
