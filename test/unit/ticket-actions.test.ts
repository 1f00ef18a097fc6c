import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/domain/app-error.js';
import {
  canSeeReporter,
  requireTicketRead,
  requireTicketWrite,
  validateScopes,
  visibleOfficeIds,
} from '../../server/domain/staff-access.js';
import {
  allowedActions,
  invalidTransition,
  isOpen,
  TRANSITIONS,
} from '../../server/domain/ticket-status.js';
import type { Viewer } from '../../server/domain/viewer.js';

const op: Viewer = { staffId: 1, email: 'op@x.it', role: 'operator', officeIds: [1], scopes: null };
const planner: Viewer = { ...op, role: 'planner', officeIds: [] };

describe('ticket actions', () => {
  it('derive the transition table (reopen leads back to in progress; duplicates are final)', () => {
    expect(TRANSITIONS.resolved).toEqual(['in_progress']);
    expect(TRANSITIONS.rejected).toEqual(['in_progress']);
    expect(TRANSITIONS.duplicate).toEqual([]);
    expect(allowedActions('resolved')).toEqual(['reopenTicket']);
    expect(allowedActions('received')).toEqual([
      'acknowledgeTicket',
      'startWork',
      'resolveTicket',
      'rejectTicket',
      'markDuplicate',
    ]);
    expect(
      ['received', 'acknowledged', 'in_progress'].every((s) => isOpen({ status: s as 'received' })),
    ).toBe(true);
  });

  it('name the allowed moves in INVALID_TRANSITION', () => {
    const e = invalidTransition('startWork', 'resolved');
    expect(e).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { status: 'resolved', allowed: ['reopenTicket'] },
    });
    expect(e.message).toContain('reopenTicket');
  });
});

describe('staff access rules', () => {
  it('bind operators to their offices and keep planners read-only without reporter contacts', () => {
    expect(() => requireTicketRead(op, 2)).toThrow(AppError);
    expect(() => requireTicketWrite(planner, 1)).toThrow(/ruolo/);
    expect(requireTicketRead(planner, 2)).toBe(planner);
    expect(canSeeReporter(op, 1)).toBe(true);
    expect(canSeeReporter(planner, 1)).toBe(false);
    expect(visibleOfficeIds(op, [1, 2])).toEqual([1]);
    expect(visibleOfficeIds(op, undefined)).toEqual([1]);
    expect(() => requireTicketRead(null)).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
  });

  it('let a role put only its own scopes on tokens', () => {
    expect(validateScopes('operator', ['tickets:read', 'tickets:read'])).toEqual(['tickets:read']);
    expect(() => validateScopes('planner', ['tickets:write'])).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => validateScopes('admin', [])).toThrow(AppError);
  });
});
