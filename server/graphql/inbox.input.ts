import { ArgsType, Field, InputType, Int, registerEnumType } from 'type-graphql';
import type { InboxOrderKey } from '../db/inbox.queries.js';
import { badInput } from '../domain/app-error.js';
import { isPriority } from '../domain/priority.js';
import type { InboxFilter } from '../services/inbox.service.js';
import { PageArgs } from './connection.js';
import { TicketFilterInput, toTicketFilter } from './ticket-filter.input.js';

export enum InboxOrder {
  SUGGESTED_PRIORITY = 'suggested',
  PRIORITY = 'priority',
  DUE_DATE = 'due',
  OLDEST = 'oldest',
  NEWEST = 'newest',
}
registerEnumType(InboxOrder, {
  name: 'InboxOrder',
  description:
    'Inbox order: suggested priority (default), set priority, due date, oldest or newest first.',
});

@InputType({
  description: 'The shared ticket filter plus the inbox conditions: priority, overdue, due soon.',
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
    description: 'true: only the tickets assigned to the viewer (assegnate a me).',
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
    assignedToMe: input?.assignedToMe === true || undefined,
  };
}

@ArgsType()
export class InboxArgs extends PageArgs {
  @Field(() => InboxFilterInput, { nullable: true })
  filter?: InboxFilterInput | null;

  @Field(() => InboxOrder, { nullable: true, defaultValue: InboxOrder.SUGGESTED_PRIORITY })
  orderBy?: InboxOrder | null;
}

export function toOrderKey(order: InboxOrder | null | undefined): InboxOrderKey {
  return (order ?? InboxOrder.SUGGESTED_PRIORITY) as InboxOrderKey;
}
