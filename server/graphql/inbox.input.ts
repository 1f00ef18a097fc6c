import { ArgsType, Field, InputType, Int, registerEnumType } from 'type-graphql';
import type { InboxOrderKey, SortDirection as DomainDirection } from '../db/inbox.queries.js';
import { badInput } from '../domain/app-error.js';
import { isPriority } from '../domain/priority.js';
import type { InboxFilter } from '../services/inbox.service.js';
import { PageArgs } from './connection.js';
import { TicketFilterInput, toTicketFilter } from './ticket-filter.input.js';

export enum InboxOrder {
  SUGGESTED_PRIORITY = 'SUGGESTED_PRIORITY',
  PRIORITY = 'PRIORITY',
  DUE_DATE = 'DUE_DATE',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  CODE = 'CODE',
  STATUS = 'STATUS',
  SUPPORTERS = 'SUPPORTERS',
  OLDEST = 'OLDEST',
  NEWEST = 'NEWEST',
}
registerEnumType(InboxOrder, {
  name: 'InboxOrder',
  description:
    'Inbox sort column; `direction` turns it around. Ascending reads: suggested and set priority most urgent first, dates earliest first, code and status in their order, supporters fewest first.',
  valuesConfig: {
    OLDEST: { deprecationReason: 'CREATED_AT with direction ASC.' },
    NEWEST: { deprecationReason: 'CREATED_AT with direction DESC.' },
  },
});

export enum SortDirection {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'ASC: the order as its column reads; DESC: the exact reverse.',
});

@InputType({
  description:
    'The shared ticket filter plus the inbox conditions: priority, overdue, due soon, assignee, channel.',
})
export class InboxFilterInput extends TicketFilterInput {
  @Field(() => [Int], { nullable: true, description: 'Priorities 1 (urgente) … 4 (bassa).' })
  priorities?: number[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only open tickets past their due date; false: none of them.',
  })
  overdue?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only open tickets due within 24 hours; false: none of them.',
  })
  dueSoon?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only the tickets assigned to the signed-in member of staff.',
  })
  assignedToMe?: boolean | null;
}

export function toInboxFilter(input: InboxFilterInput | null | undefined): InboxFilter {
  const base = toTicketFilter(input);
  const priorities = input?.priorities?.length ? input.priorities : undefined;
  if (priorities?.some((p) => !isPriority(p)))
    throw badInput('priorities', 'Le priorità vanno da 1 (urgente) a 4 (bassa).');
  return {
    ...base,
    priorities,
    overdue: input?.overdue ?? undefined,
    dueSoon: input?.dueSoon ?? undefined,
    assignedToMe: input?.assignedToMe === true ? true : undefined,
  };
}

@ArgsType()
export class InboxArgs extends PageArgs {
  @Field(() => InboxFilterInput, { nullable: true })
  filter?: InboxFilterInput | null;

  @Field(() => InboxOrder, { nullable: true, defaultValue: InboxOrder.SUGGESTED_PRIORITY })
  orderBy?: InboxOrder | null;

  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC })
  direction?: SortDirection | null;
}

@ArgsType()
export class InboxPointsArgs {
  @Field(() => InboxFilterInput, { nullable: true })
  filter?: InboxFilterInput | null;

  @Field(() => Int, { nullable: true, description: 'At most this many points (1–5000).' })
  limit?: number | null;
}

@ArgsType()
export class InboxCountsArgs {
  @Field(() => InboxFilterInput, { nullable: true })
  filter?: InboxFilterInput | null;
}

const ORDER_KEY: Readonly<Record<InboxOrder, InboxOrderKey>> = {
  SUGGESTED_PRIORITY: 'suggested',
  PRIORITY: 'priority',
  DUE_DATE: 'due',
  CREATED_AT: 'created',
  UPDATED_AT: 'updated',
  CODE: 'code',
  STATUS: 'status',
  SUPPORTERS: 'supporters',
  OLDEST: 'created',
  NEWEST: 'created',
};

/** The SQL order key and direction; NEWEST is CREATED_AT reversed (DESC on it reads oldest first). */
export function toInboxOrder(
  order: InboxOrder | null | undefined,
  direction: SortDirection | null | undefined,
): { order: InboxOrderKey; direction: DomainDirection } {
  const o = order ?? InboxOrder.SUGGESTED_PRIORITY;
  const d: DomainDirection = direction === SortDirection.DESC ? 'desc' : 'asc';
  if (o === InboxOrder.NEWEST) return { order: 'created', direction: d === 'asc' ? 'desc' : 'asc' };
  return { order: ORDER_KEY[o], direction: d };
}
