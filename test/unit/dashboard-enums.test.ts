// The dashboard may not import the server, so it keeps its own copies of a few enum lists. Each must be the
// enum of schema/schema.graphql (which test/schema.test.ts keeps equal to the code) and the server's list.
import { readFileSync } from 'node:fs';
import { buildSchema, GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  ALL_STATUSES,
  OPEN_STATUSES,
  REPORT_LIMITS,
} from '../../dashboard/src/api/citizen.operations.js';
import {
  INBOX_ORDERS,
  REJECT_REASONS,
  REPORT_CHANNELS,
} from '../../dashboard/src/api/staff.operations.js';
import { INTERVENTION_STATUSES } from '../../dashboard/src/api/intervention.operations.js';
import { en } from '../../dashboard/src/i18n/en.js';
import { it as itMessages } from '../../dashboard/src/i18n/it.js';
import { INTERVENTION_MOVES } from '../../dashboard/src/views/interventions/intervention-actions.js';
import {
  INTERVENTION_ACTIONS,
  INTERVENTION_STATUS_LABELS,
} from '../../server/domain/intervention.js';
import { REJECT_REASONS as SERVER_REJECT_REASONS } from '../../server/domain/reject-reason.js';
import {
  DESCRIPTION_MAX,
  HOUSE_NUMBER_MAX,
  REPORT_CHANNELS as CHANNELS,
  TITLE_MAX,
} from '../../server/domain/report.js';
import {
  OPEN_STATUSES as SERVER_OPEN_STATUSES,
  TICKET_STATUSES,
} from '../../server/domain/ticket-status.js';

const schema = buildSchema(
  readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'),
);

function enumNames(name: string): string[] {
  const type = schema.getType(name);
  if (!(type instanceof GraphQLEnumType)) throw new Error(`${name} is not an enum of the schema`);
  return type
    .getValues()
    .map((v) => v.name)
    .sort();
}

const sorted = (list: readonly string[]): string[] => [...list].sort();
const upper = (list: readonly string[]): string[] => list.map((s) => s.toUpperCase());

describe('enum lists the dashboard keeps', () => {
  it('RejectReason: the schema enum, the server list and both languages name the same reasons', () => {
    expect(sorted(REJECT_REASONS)).toEqual(enumNames('RejectReason'));
    expect(sorted(upper(SERVER_REJECT_REASONS))).toEqual(enumNames('RejectReason'));
    expect(sorted(Object.keys(itMessages.staff.reasonsList))).toEqual(enumNames('RejectReason'));
    expect(sorted(Object.keys(en.staff.reasonsList))).toEqual(enumNames('RejectReason'));
  });

  it('TicketStatus: every state of the schema, and the open ones of server/domain', () => {
    expect(sorted(ALL_STATUSES)).toEqual(enumNames('TicketStatus'));
    expect(sorted(upper(TICKET_STATUSES))).toEqual(enumNames('TicketStatus'));
    expect(sorted(OPEN_STATUSES)).toEqual(sorted(upper(SERVER_OPEN_STATUSES)));
  });

  it('ReportChannel: the schema enum, the database values and both languages', () => {
    expect(sorted(REPORT_CHANNELS)).toEqual(enumNames('ReportChannel'));
    expect(sorted(upper(CHANNELS))).toEqual(enumNames('ReportChannel'));
    expect(sorted(Object.keys(itMessages.ticketPage.channels))).toEqual(enumNames('ReportChannel'));
    expect(sorted(Object.keys(en.ticketPage.channels))).toEqual(enumNames('ReportChannel'));
  });

  it('InboxOrder: every sortable column of the schema but the deprecated OLDEST and NEWEST', () => {
    const deprecated = ['NEWEST', 'OLDEST'];
    expect(sorted(INBOX_ORDERS)).toEqual(
      enumNames('InboxOrder').filter((n) => !deprecated.includes(n)),
    );
  });

  it('InterventionStatus: the schema enum, the server’s words for each phase in both languages, and its moves', () => {
    expect(sorted(INTERVENTION_STATUSES)).toEqual(enumNames('InterventionStatus'));
    for (const [status, words] of Object.entries(INTERVENTION_STATUS_LABELS)) {
      const key = status.toUpperCase() as keyof typeof itMessages.interventions.status;
      expect(itMessages.interventions.status[key]).toBe(words.it);
      expect(en.interventions.status[key]).toBe(words.en);
    }
    expect(
      Object.fromEntries(Object.entries(INTERVENTION_ACTIONS).map(([a, m]) => [a, upper(m.from)])),
    ).toEqual(INTERVENTION_MOVES);
  });

  it('the report form limits are the server’s (maxLength and counters)', () => {
    expect(REPORT_LIMITS).toEqual({
      title: TITLE_MAX,
      description: DESCRIPTION_MAX,
      houseNumber: HOUSE_NUMBER_MAX,
    });
  });
});
