// bulkUpdateTickets: one action on many inbox tickets, each checked and versioned on its own.
import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
} from 'type-graphql';
import { badInput } from '../domain/app-error.js';
import { parseId } from '../domain/id.js';
import type { AccessRule } from '../domain/staff-access.js';
import { MAX_BULK_TICKETS, type BulkAction } from '../services/bulk.service.js';
import type { Context } from './context.js';
import { MaxItems } from './list-limits.js';

export enum BulkActionKind {
  ACKNOWLEDGE = 'ACKNOWLEDGE',
  SET_PRIORITY = 'SET_PRIORITY',
  ASSIGN = 'ASSIGN',
  REASSIGN_OFFICE = 'REASSIGN_OFFICE',
}
registerEnumType(BulkActionKind, {
  name: 'BulkActionKind',
  description: 'What a bulk action does to every selected ticket.',
  valuesConfig: {
    ACKNOWLEDGE: { description: 'Presa in carico: received → acknowledged.' },
    SET_PRIORITY: { description: 'Set the priority (`priority`).' },
    ASSIGN: {
      description:
        "Assign to an active operator of the ticket's office (`assigneeId`; omitted or null: to the office as a whole).",
    },
    REASSIGN_OFFICE: { description: 'Move to another office (`officeId`); clears the assignee.' },
  },
});

@InputType({ description: 'One bulk action and its value.' })
export class BulkActionInput {
  @Field(() => BulkActionKind) kind!: BulkActionKind;

  @Field(() => Int, { nullable: true, description: 'SET_PRIORITY: 1 (urgente) … 4 (bassa).' })
  priority?: number | null;

  @Field(() => ID, { nullable: true, description: 'ASSIGN: the staff member; null unassigns.' })
  assigneeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'REASSIGN_OFFICE: the new office.' })
  officeId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Internal note on each ticket (ACKNOWLEDGE, SET_PRIORITY, REASSIGN_OFFICE).',
  })
  note?: string | null;
}

@ObjectType({ description: 'What a bulk action did to one ticket.' })
export class BulkTicketResult {
  @Field(() => ID) id!: string;
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int, { nullable: true, description: 'The new version when ok.' })
  version!: number | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Why it was refused: CONFLICT (stale version), FORBIDDEN (another office), NOT_FOUND, INVALID_TRANSITION, TICKET_CLOSED, BAD_USER_INPUT.',
  })
  code!: string | null;
  @Field(() => String, { nullable: true, description: 'The reason in Italian.' })
  message!: string | null;
}

function toAction(input: BulkActionInput): BulkAction {
  switch (input.kind) {
    case BulkActionKind.ACKNOWLEDGE:
      return { kind: 'acknowledge', note: input.note };
    case BulkActionKind.SET_PRIORITY:
      if (input.priority == null) throw badInput('priority', 'Indica la priorità.');
      return { kind: 'setPriority', priority: input.priority, note: input.note };
    case BulkActionKind.ASSIGN:
      return {
        kind: 'assign',
        assigneeId: input.assigneeId ? parseId(input.assigneeId, 'assigneeId', 'int4') : null,
      };
    case BulkActionKind.REASSIGN_OFFICE:
      if (!input.officeId) throw badInput('officeId', "Indica l'ufficio di destinazione.");
      return {
        kind: 'reassignOffice',
        officeId: parseId(input.officeId, 'officeId', 'int4'),
        note: input.note,
      };
  }
}

@ArgsType()
export class BulkUpdateArgs {
  @Field(() => [ID], { description: 'The tickets.' })
  @MaxItems(MAX_BULK_TICKETS)
  ids!: string[];

  @Field(() => [Int], {
    nullable: true,
    description:
      'The version of each id the caller saw, in the same order: a ticket changed since is refused with CONFLICT. Omitted: each ticket is changed from its current version, read in its own transaction.',
  })
  @MaxItems(MAX_BULK_TICKETS)
  versions?: number[] | null;

  @Field(() => BulkActionInput)
  action!: BulkActionInput;
}

@ObjectType({ description: 'A member of staff tickets can be assigned to.' })
export class Colleague {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
  @Field(() => [ID], { description: 'Their offices (those the viewer shares, for an operator).' })
  officeIds!: string[];
}

@Resolver()
export class BulkResolver {
  @Authorized<AccessRule>('tickets:write')
  @Query(() => [Colleague], {
    description:
      "Whom tickets can be assigned to (bulk ASSIGN): the active operators of the viewer's offices; admins: of every office.",
  })
  async colleagues(@Ctx() ctx: Context): Promise<Colleague[]> {
    return (await ctx.services.bulk.colleagues(ctx.viewer)).map((r) => ({
      id: String(r.id),
      name: r.name,
      email: r.email,
      officeIds: r.office_ids.map(String),
    }));
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => [BulkTicketResult], {
    description: `One action on up to ${MAX_BULK_TICKETS} tickets. \`versions[i]\` (optional) is the version of \`ids[i]\` the caller saw, refused with CONFLICT when stale; without \`versions\` each ticket is changed from its current version as its own transaction reads it. Each ticket is changed in its own transaction with its own checks and audit row, and refused alone (CONFLICT when stale, FORBIDDEN when of another office) without stopping the others. One result per id, in order.`,
  })
  async bulkUpdateTickets(
    @Args(() => BulkUpdateArgs) { ids, versions, action }: BulkUpdateArgs,
    @Ctx() ctx: Context,
  ): Promise<BulkTicketResult[]> {
    const kind = toAction(action);
    if (versions && versions.length !== ids.length)
      throw badInput('versions', 'Serve una versione per ogni segnalazione, nello stesso ordine.');
    const items = ids.map((id, i) => ({ id: parseId(id, 'ids', 'int8'), version: versions?.[i] }));
    const results = await ctx.services.bulk.update(ctx.viewer, items, kind, ctx.clientAddress);
    return results.map((r) => ({ ...r, id: String(r.id) }));
  }
}
