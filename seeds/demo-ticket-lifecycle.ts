// The phases a demo report went through by `now`: taken in charge within hours or a day, worked and
// resolved within about the category's SLA (some late), a few rejected, a few stuck in the backlog.
// A phase whose time would fall after `now` has not happened yet, so recent reports are still open.
import type { TicketStatus } from '../server/domain/ticket-status.js';
import { HOUR_MS } from './demo-ticket-mix.js';
import type { Prng } from './prng.js';

export type DemoEventKind =
  'received' | 'acknowledged' | 'started' | 'resolved' | 'rejected' | 'duplicate';

export interface DemoEvent {
  kind: DemoEventKind;
  from: TicketStatus | null;
  to: TicketStatus;
  at: number;
}

export interface Lifecycle {
  status: TicketStatus;
  acknowledgedAt: number | null;
  startedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  rejectReason: string | null;
  events: DemoEvent[];
}

/** normal: the full workflow; open: a recent near-duplicate left open; duplicate: marked as a copy. */
export type LifecycleMode = 'normal' | 'open' | 'duplicate';

const REJECT_REASONS = ['not_competent', 'not_a_fault', 'cannot_fix'];

const exp = (rnd: Prng, meanMs: number): number => Math.round(-meanMs * Math.log(1 - rnd.next()));

export function lifecycle(
  rnd: Prng,
  createdAt: number,
  now: number,
  slaHours: number,
  priority: number,
  mode: LifecycleMode,
): Lifecycle {
  const life: Lifecycle = {
    status: 'received',
    acknowledgedAt: null,
    startedAt: null,
    resolvedAt: null,
    closedAt: null,
    rejectReason: null,
    events: [{ kind: 'received', from: null, to: 'received', at: createdAt }],
  };
  const step = (kind: DemoEventKind, to: TicketStatus, at: number): boolean => {
    if (at > now) return false;
    life.events.push({ kind, from: life.status, to, at });
    life.status = to;
    return true;
  };
  if (mode === 'duplicate') {
    const marked = createdAt + exp(rnd, 18 * HOUR_MS);
    if (step('duplicate', 'duplicate', marked)) life.closedAt = marked;
    return life;
  }
  const ack = createdAt + exp(rnd, priority === 1 ? 2 * HOUR_MS : 20 * HOUR_MS);
  if (!step('acknowledged', 'acknowledged', ack)) return life;
  life.acknowledgedAt = ack;
  const fate = rnd.next();
  if (mode === 'open') return life;
  if (fate < 0.05) {
    const rejected = ack + exp(rnd, 24 * HOUR_MS);
    if (step('rejected', 'rejected', rejected)) {
      life.rejectReason = rnd.pick(REJECT_REASONS);
      life.closedAt = rejected;
    }
    return life;
  }
  if (fate < 0.1) return life; // stuck in the backlog
  const started = ack + exp(rnd, slaHours * 0.2 * HOUR_MS);
  if (!step('started', 'in_progress', started)) return life;
  life.startedAt = started;
  if (fate < 0.14) return life; // a long job, still in progress
  const resolved = started + exp(rnd, slaHours * 0.5 * HOUR_MS) * (rnd.chance(0.2) ? 3 : 1);
  if (step('resolved', 'resolved', resolved)) {
    life.resolvedAt = resolved;
    life.closedAt = resolved;
  }
  return life;
}
