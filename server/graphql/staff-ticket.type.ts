import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import type { StaffTicketRow, TicketEventRow } from '../db/inbox.queries.js';
import {
  PRIORITY_LABELS,
  type Priority,
  type SuggestedPriority as DomainSuggestion,
} from '../domain/priority.js';
import {
  isRejectReason,
  REJECT_REASONS,
  type RejectReason as DomainRejectReason,
} from '../domain/reject-reason.js';
import { maskPersonalData } from '../domain/personal-data-mask.js';
import { Connection } from './connection.js';
import { Office } from './office.type.js';
import { ReportChannel } from './report-channel.enum.js';
import { TicketStatus, toGraphQLStatus } from './ticket-status.enum.js';

/** The GraphQL enum of domain/reject-reason.ts: NOT_COMPETENT stands for not_competent, and so on. */
export const RejectReason = Object.fromEntries(REJECT_REASONS.map((r) => [r.toUpperCase(), r])) as {
  [R in DomainRejectReason as Uppercase<R>]: R;
};
export type RejectReason = DomainRejectReason;
registerEnumType(RejectReason, {
  name: 'RejectReason',
  description: 'Why a report was rejected: not our competence, not a fault, or cannot be fixed.',
});

@ObjectType({ description: 'One part of the suggested priority score, so staff can see why.' })
export class PriorityComponent {
  @Field(() => String, { description: 'sla | supporters | cluster | category' }) name!: string;
  @Field(() => String) label!: string;
  @Field(() => String) labelEn!: string;
  @Field(() => Float, { description: 'Points added to the score.' }) points!: number;
  @Field(() => Float, { description: 'The most this component can add.' }) max!: number;
  @Field(() => Float, {
    description:
      'Measured input: SLA fraction used, supporters, nearby open reports, category SLA hours.',
  })
  input!: number;
}

@ObjectType({
  description:
    'Priority suggested from SLA age, supporters, nearby open reports of the category and the category itself.',
})
export class SuggestedPriority {
  @Field(() => Int, { description: '1 urgente … 4 bassa.' }) value!: number;
  @Field(() => String) label!: string;
  @Field(() => Float, { description: 'Score 0–100; ≥ 60 urgente, ≥ 40 alta, ≥ 20 normale.' })
  score!: number;
  @Field(() => [PriorityComponent]) components!: PriorityComponent[];
}

export function toSuggestedPriority(s: DomainSuggestion): SuggestedPriority {
  return {
    value: s.value,
    label: PRIORITY_LABELS[s.value].it,
    score: s.score,
    components: s.components.map((c) => ({
      name: c.name,
      label: c.label.it,
      labelEn: c.label.en,
      points: c.points,
      max: c.max,
      input: c.input,
    })),
  };
}

@ObjectType({
  description: "The reporter's contact: only for operators of the ticket's office and admins.",
})
export class Reporter {
  @Field(() => String, {
    nullable: true,
    description: 'Null for a report taken by staff from a citizen who gave no e-mail.',
  })
  email!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String) locale!: string;
}

@ObjectType({ description: 'One entry of the full history of a ticket (internal notes included).' })
export class StaffTicketEvent {
  @Field(() => ID) id!: string;
  @Field(() => String, {
    description:
      'received, acknowledged, started, resolved, rejected, reopened, supported, priority, reassigned, duplicate, merged, note',
  })
  kind!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => String, {
    nullable: true,
    description: 'E-mail of the member of staff who acted; null for citizens and the system.',
  })
  actorEmail!: string | null;
  @Field(() => TicketStatus, { nullable: true }) fromStatus!: TicketStatus | null;
  @Field(() => TicketStatus, { nullable: true }) toStatus!: TicketStatus | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) before!: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) after!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => Boolean, { description: 'True: shown to citizens and mailed; false: internal.' })
  public!: boolean;
  @Field(() => ID, {
    nullable: true,
    description:
      'The other ticket of the step: the original of a duplicate, or the duplicate merged in.',
  })
  relatedTicketId!: string | null;
  @Field(() => String, { nullable: true, description: 'Tracking code of relatedTicketId.' })
  relatedCode!: string | null;
}

/** The other ticket a 'duplicate' or 'merged' event names, from what the duplicate service wrote. */
function relatedTicket(row: TicketEventRow): { id: string | null; code: string | null } {
  const after = row.after ?? {};
  const [id, code] =
    row.kind === 'duplicate'
      ? [after.duplicateOf, after.duplicateOfCode]
      : row.kind === 'merged'
        ? [after.duplicateId, after.duplicateCode]
        : [null, null];
  return {
    id: typeof id === 'number' || typeof id === 'string' ? String(id) : null,
    code: typeof code === 'string' ? code : null,
  };
}

@ObjectType({ description: 'A member of staff as a ticket names them (assignee, colleagues).' })
export class StaffMember {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) name!: string;
}

@ObjectType({ description: 'A photo of the ticket, as staff see it (hidden ones included).' })
export class StaffAttachment {
  @Field(() => ID) id!: string;
  @Field(() => String, {
    description: 'Path of the image, /attachments/<id>; a hidden one needs a staff session.',
  })
  url!: string;
  @Field(() => String) contentType!: string;
  @Field(() => Int) width!: number;
  @Field(() => Int) height!: number;
  @Field(() => Boolean, { description: 'True: shown on the tracking page; false: staff only.' })
  public!: boolean;
  @Field(() => Boolean, {
    description:
      'True while no operator has approved or hidden it (a citizen’s photo awaiting approval).',
  })
  pending!: boolean;
}

export function toStaffTicketEvent(row: TicketEventRow): StaffTicketEvent {
  return {
    id: String(row.id),
    kind: row.kind,
    createdAt: row.created_at,
    actorEmail: row.actor_email,
    fromStatus: row.from_status ? toGraphQLStatus(row.from_status) : null,
    toStatus: row.to_status ? toGraphQLStatus(row.to_status) : null,
    before: row.before,
    after: row.after,
    note: row.note,
    public: row.public,
    relatedTicketId: relatedTicket(row).id,
    relatedCode: relatedTicket(row).code,
  };
}

@ObjectType({ description: 'A ticket as staff see it (inbox, staffTicket, workflow results).' })
export class StaffTicket {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Public tracking code.' }) code!: string;
  @Field(() => TicketStatus) status!: TicketStatus;
  @Field(() => Int, { description: 'Optimistic-locking version: pass it to every change.' })
  version!: number;
  @Field(() => Int, { description: '1 urgente, 2 alta, 3 normale, 4 bassa.' }) priority!: number;
  @Field(() => String) priorityLabel!: string;
  @Field(() => String, { description: 'The citizen’s title as written (the office’s original).' })
  title!: string;
  @Field(() => String, { description: 'The citizen’s description as written.' })
  description!: string;
  @Field(() => String, {
    description: 'The title the public reads: personal data masked, or as a moderator edited it.',
  })
  publicTitle!: string;
  @Field(() => String, { description: 'The description the public reads.' })
  publicDescription!: string;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => String, { nullable: true, description: 'The house number the citizen gave.' })
  houseNumber!: string | null;
  @Field(() => ReportChannel, { description: 'How the report arrived (web form, phone, desk…).' })
  channel!: ReportChannel;
  @Field(() => String, { nullable: true }) streetName!: string | null;
  @Field(() => Float, { description: 'Longitude (WGS84).' }) lon!: number;
  @Field(() => Float, { description: 'Latitude (WGS84).' }) lat!: number;
  @Field(() => Office) office!: Office;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime) updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) startedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) closedAt!: Date | null;
  @Field(() => GraphQLDateTime, { description: "Due date from the category's SLA target." })
  dueAt!: Date;
  @Field(() => Boolean, { description: 'Open and past its due date.' }) overdue!: boolean;
  @Field(() => Boolean, { description: 'Open and due within 24 hours.' }) dueSoon!: boolean;
  @Field(() => Int) supportersCount!: number;
  @Field(() => Int) reopenCount!: number;
  @Field(() => ID, { nullable: true }) duplicateOfId!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Tracking code of the original, for duplicates.',
  })
  duplicateOfCode!: string | null;
  @Field(() => RejectReason, { nullable: true }) rejectReason!: RejectReason | null;
  @Field(() => Int, {
    description: 'Open reports of the same category within its duplicate radius.',
  })
  nearbyOpenCount!: number;
  @Field(() => StaffMember, {
    nullable: true,
    description:
      'The operator of the office the ticket is assigned to; null: the office as a whole.',
  })
  assignee!: StaffMember | null;

  row!: StaffTicketRow;
}

export function toStaffTicket(row: StaffTicketRow): StaffTicket {
  return {
    id: String(row.id),
    code: row.code,
    status: toGraphQLStatus(row.status),
    version: row.version,
    priority: row.priority,
    priorityLabel: PRIORITY_LABELS[row.priority as Priority]?.it ?? String(row.priority),
    title: row.title,
    description: row.description,
    publicTitle: maskPersonalData(row.public_title ?? row.title),
    publicDescription: maskPersonalData(row.public_description ?? row.description),
    address: row.address,
    houseNumber: row.house_number,
    channel: row.channel as ReportChannel,
    streetName: row.street_name,
    lon: row.lon,
    lat: row.lat,
    office: { id: String(row.office_id), code: row.office_code, name: row.office_name },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    acknowledgedAt: row.acknowledged_at,
    startedAt: row.started_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    dueAt: row.due_at,
    overdue: row.overdue,
    dueSoon: row.due_soon,
    supportersCount: row.supporters_count,
    reopenCount: row.reopen_count,
    duplicateOfId: row.duplicate_of === null ? null : String(row.duplicate_of),
    duplicateOfCode: row.duplicate_of_code,
    rejectReason: isRejectReason(row.reject_reason) ? row.reject_reason : null,
    nearbyOpenCount: row.nearby_open,
    assignee:
      row.assignee_id === null
        ? null
        : {
            id: String(row.assignee_id),
            email: row.assignee_email ?? '',
            name: row.assignee_name ?? '',
          },
    row,
  };
}

@ObjectType()
export class StaffTicketConnection extends Connection(StaffTicket, 'StaffTicket') {}

@ObjectType({ description: 'Result of a workflow change: the ticket as it is now (new version).' })
export class TicketChangePayload {
  @Field(() => StaffTicket) ticket!: StaffTicket;
}
