// Intervention candidates from open tickets: clusters of likely duplicates first (DBSCAN, one category),
// then, from the tickets no cluster took, one candidate per street and office. Every ticket is in at most
// one candidate, so a plan that takes several never counts (or pays for) a ticket twice.
import {
  candidateCost,
  candidateScore,
  ticketsPer1000Euro,
  type CandidateTicketFacts,
} from './intervention-score.js';

export interface CandidateTicket extends CandidateTicketFacts {
  id: number;
  code: string;
  streetId: number | null;
  officeId: number;
  categoryId: number;
}

export interface ClusterGroup {
  /** "<category>-<lowest ticket id>", as duplicateClusters names it. */
  id: string;
  categoryId: number;
  codes: readonly string[];
}

export interface Candidate {
  kind: 'street' | 'cluster';
  /** Stable key: "street:<streetId>:<officeId>" or "cluster:<clusterId>"; createInterventionsFromPlan takes it. */
  key: string;
  streetId: number | null;
  officeId: number;
  categoryId: number | null;
  tickets: CandidateTicket[];
  score: number;
  estimatedCost: number;
  ticketsPer1000Euro: number | null;
}

function candidate(
  kind: Candidate['kind'],
  key: string,
  tickets: CandidateTicket[],
  categoryId: number | null,
): Candidate {
  const cost = candidateCost(tickets);
  // A cluster's street: the one most of its tickets lie on.
  const streets = new Map<number, number>();
  for (const t of tickets)
    if (t.streetId !== null) streets.set(t.streetId, (streets.get(t.streetId) ?? 0) + 1);
  const streetId = [...streets].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
  return {
    kind,
    key,
    streetId,
    officeId: tickets[0].officeId,
    categoryId,
    tickets,
    score: candidateScore(tickets),
    estimatedCost: cost,
    ticketsPer1000Euro: ticketsPer1000Euro(tickets.length, cost),
  };
}

/** Ranked best first (score, then the key for a stable order). */
export function buildCandidates(
  tickets: readonly CandidateTicket[],
  clusters: readonly ClusterGroup[],
): Candidate[] {
  const byCode = new Map(tickets.map((t) => [t.code, t]));
  const taken = new Set<number>();
  const out: Candidate[] = [];
  for (const c of clusters) {
    const members = c.codes
      .map((code) => byCode.get(code))
      .filter((t): t is CandidateTicket => t !== undefined && !taken.has(t.id));
    // A cluster is one office's work: its category's.
    const own = members.filter((t) => t.officeId === members[0]?.officeId);
    if (own.length < 2) continue;
    for (const t of own) taken.add(t.id);
    out.push(candidate('cluster', `cluster:${c.id}`, own, c.categoryId));
  }
  const streets = new Map<string, CandidateTicket[]>();
  for (const t of tickets) {
    if (taken.has(t.id) || t.streetId === null) continue;
    const key = `street:${t.streetId}:${t.officeId}`;
    streets.set(key, [...(streets.get(key) ?? []), t]);
  }
  for (const [key, list] of streets) out.push(candidate('street', key, list, null));
  return out.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
