import { describe, expect, it } from 'vitest';
import {
  canTransition,
  isOpen,
  OPEN_STATUSES,
  STATUS_LABELS,
  TICKET_STATUSES,
  TRANSITIONS,
} from '../../server/domain/ticket-status.js';

describe('ticket states', () => {
  it('open means received, acknowledged or in progress', () => {
    expect(TICKET_STATUSES.filter((status) => isOpen({ status }))).toEqual([
      'received',
      'acknowledged',
      'in_progress',
    ]);
    expect(OPEN_STATUSES).toHaveLength(3);
  });

  it('a duplicate is final and nothing moves back to received', () => {
    expect(TRANSITIONS.duplicate).toEqual([]);
    for (const from of TICKET_STATUSES) expect(canTransition(from, 'received')).toBe(false);
  });

  it('every state has an Italian and an English label', () => {
    expect(STATUS_LABELS.resolved).toEqual({ it: 'conclusa', en: 'resolved' });
    expect(STATUS_LABELS.acknowledged.it).toBe('presa in carico');
    for (const s of TICKET_STATUSES)
      expect(STATUS_LABELS[s].it && STATUS_LABELS[s].en).toBeTruthy();
  });
});
