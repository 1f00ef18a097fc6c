import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { StaffTicketRow } from '../db/inbox.queries.js';
import type { PhaseAction } from '../services/workflow.service.js';
import type { AccessRule } from '../domain/staff-access.js';
import type { Context } from './context.js';
import { parseId } from '../domain/id.js';
import {
  RejectReason,
  StaffTicket,
  TicketChangePayload,
  toStaffTicket,
} from './staff-ticket.type.js';

function payload(row: StaffTicketRow): TicketChangePayload {
  return { ticket: toStaffTicket(row) };
}

const NOTE = {
  nullable: true,
  description: 'Optional note; mailed to the citizens when public is true.',
} as const;
const PUBLIC = {
  nullable: true,
  defaultValue: false,
  description: 'true: the note goes to the reporter and supporters; false: internal.',
} as const;

@Resolver(() => StaffTicket)
export class WorkflowResolver {
  private phase(
    ctx: Context,
    action: PhaseAction,
    id: string,
    version: number,
    note?: string | null,
    isPublic?: boolean | null,
    reason?: RejectReason | null,
  ) {
    return ctx.services.workflow
      .changePhase(
        ctx.viewer,
        action,
        { id: parseId(id, 'id', 'int8'), version, note, public: isPublic, reason },
        ctx.clientAddress,
      )
      .then(payload);
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, { description: 'Presa in carico: received → acknowledged.' })
  acknowledgeTicket(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('note', () => String, NOTE) note: string | null,
    @Arg('public', () => Boolean, PUBLIC) isPublic: boolean,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    return this.phase(ctx, 'acknowledgeTicket', id, version, note, isPublic);
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description: 'In lavorazione: received or acknowledged → in progress.',
  })
  startWork(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('note', () => String, NOTE) note: string | null,
    @Arg('public', () => Boolean, PUBLIC) isPublic: boolean,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    return this.phase(ctx, 'startWork', id, version, note, isPublic);
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description: 'Conclusa: open → resolved. Requires a note, always public.',
  })
  resolveTicket(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('note', () => String, {
      nullable: true,
      description: 'Required: what was done, for the citizens.',
    })
    note: string | null,
    @Arg('public', () => Boolean, {
      nullable: true,
      defaultValue: true,
      description: 'Must not be false: a resolution is always told.',
    })
    isPublic: boolean,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    return this.phase(ctx, 'resolveTicket', id, version, note, isPublic);
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description: 'Respinta: open → rejected, with a reason and a note.',
  })
  rejectTicket(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', () => RejectReason) reason: RejectReason,
    @Arg('note', () => String, { nullable: true, description: 'Required.' }) note: string | null,
    @Arg('public', () => Boolean, PUBLIC) isPublic: boolean,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    return this.phase(ctx, 'rejectTicket', id, version, note, isPublic, reason);
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description: 'Riapertura: resolved or rejected → in progress.',
  })
  reopenTicket(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('note', () => String, NOTE) note: string | null,
    @Arg('public', () => Boolean, PUBLIC) isPublic: boolean,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    return this.phase(ctx, 'reopenTicket', id, version, note, isPublic);
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description: 'Sets the priority: 1 urgente, 2 alta, 3 normale, 4 bassa (internal note).',
  })
  async setPriority(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('priority', () => Int) priority: number,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    return payload(
      await ctx.services.workflow.setPriority(
        ctx.viewer,
        { id: parseId(id, 'id', 'int8'), version, priority, note },
        ctx.clientAddress,
      ),
    );
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description:
      'Moves an open ticket to another office; the office is mailed and the citizens told.',
  })
  async reassignTicket(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('officeId', () => ID) officeId: string,
    @Arg('reason', () => String, { nullable: true, description: 'Internal.' })
    reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    const input = {
      id: parseId(id, 'id', 'int8'),
      version,
      officeId: parseId(officeId, 'officeId', 'int4'),
      reason,
    };
    return payload(await ctx.services.workflow.reassign(ctx.viewer, input, ctx.clientAddress));
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description:
      'Assigns an open ticket to an active operator of its office (mailed), or back to the office (assigneeId null).',
  })
  async assignTicket(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('assigneeId', () => ID, { nullable: true, description: 'null: the office as a whole.' })
    assigneeId: string | null,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    const input = {
      id: parseId(id, 'id', 'int8'),
      version,
      assigneeId: assigneeId ? parseId(assigneeId, 'assigneeId', 'int4') : null,
    };
    return payload(await ctx.services.workflow.assignTicket(ctx.viewer, input, ctx.clientAddress));
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description:
      'Shows a photo of the ticket on the tracking page or hides it (staff still see it).',
  })
  async setPhotoPublic(
    @Arg('id', () => ID) id: string,
    @Arg('attachmentId', () => ID) attachmentId: string,
    @Arg('public', () => Boolean) isPublic: boolean,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    const input = { id: parseId(id, 'id', 'int8'), attachmentId, public: isPublic };
    return payload(
      await ctx.services.workflow.setPhotoPublic(ctx.viewer, input, ctx.clientAddress),
    );
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description:
      'Closes a ticket as a duplicate of an open original; its followers move to the original.',
  })
  async markDuplicate(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('originalId', () => ID) originalId: string,
    @Arg('note', () => String, NOTE) note: string | null,
    @Arg('public', () => Boolean, PUBLIC) isPublic: boolean,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    const input = {
      id: parseId(id, 'id', 'int8'),
      version,
      originalId: parseId(originalId, 'originalId', 'int8'),
      note,
      public: isPublic,
    };
    return payload(
      await ctx.services.duplicates.markDuplicate(ctx.viewer, input, ctx.clientAddress),
    );
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description:
      'Adds a note: public ones are mailed to the citizens, internal ones stay with staff.',
  })
  async addNote(
    @Arg('id', () => ID) id: string,
    @Arg('text', () => String) text: string,
    @Arg('public', () => Boolean, PUBLIC) isPublic: boolean,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    return payload(
      await ctx.services.workflow.addNote(
        ctx.viewer,
        { id: parseId(id, 'id', 'int8'), text, public: isPublic },
        ctx.clientAddress,
      ),
    );
  }
}
