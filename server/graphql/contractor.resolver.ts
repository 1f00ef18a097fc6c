import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  InputType,
  Field,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { parseId } from '../domain/id.js';
import type { AccessRule } from '../domain/staff-access.js';
import type { Context } from './context.js';
import {
  Contractor,
  TicketContractor,
  toContractor,
  toTicketContractor,
} from './contractor.type.js';
import { StaffTicket, TicketChangePayload, toStaffTicket } from './staff-ticket.type.js';

@InputType({ description: 'Creates (no id) or updates an external contractor.' })
export class ContractorInput {
  @Field(() => ID, { nullable: true }) id?: string | null;
  @Field(() => String, { description: '1–120 characters, unique in the comune.' }) name!: string;
  @Field(() => String) email!: string;
  @Field(() => [ID], { nullable: true }) categoryIds?: string[] | null;
}

@Resolver(() => StaffTicket)
export class ContractorResolver {
  @Authorized<AccessRule>('tickets:write')
  @Query(() => [Contractor], {
    description:
      'Operators and admins: the external contractors a ticket can be forwarded to (admins: also disabled ones).',
  })
  async contractors(
    @Arg('includeDisabled', () => Boolean, { defaultValue: false }) includeDisabled: boolean,
    @Ctx() ctx: Context,
  ): Promise<Contractor[]> {
    return (await ctx.services.contractors.list(ctx.viewer, includeDisabled)).map(toContractor);
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => Contractor, { description: 'Admins: creates or updates an external contractor.' })
  async saveContractor(
    @Arg('input', () => ContractorInput) input: ContractorInput,
    @Ctx() ctx: Context,
  ): Promise<Contractor> {
    const row = await ctx.services.contractors.save(
      ctx.viewer,
      {
        id: input.id ? parseId(input.id, 'id', 'int4') : null,
        name: input.name,
        email: input.email,
        categoryIds: input.categoryIds,
      },
      ctx.clientAddress,
    );
    return toContractor(row);
  }

  @Authorized<AccessRule>('admin')
  @Mutation(() => Contractor, {
    description: 'Admins: disables a contractor (no new forwarding) or enables it again.',
  })
  async setContractorDisabled(
    @Arg('id', () => ID) id: string,
    @Arg('disabled', () => Boolean) disabled: boolean,
    @Ctx() ctx: Context,
  ): Promise<Contractor> {
    return toContractor(
      await ctx.services.contractors.setDisabled(
        ctx.viewer,
        parseId(id, 'id', 'int4'),
        disabled,
        ctx.clientAddress,
      ),
    );
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description:
      'Forwards a ticket to an external contractor with instructions: the contractor gets a mail with a personal, expiring link to /ditta/{token}; the ticket goes in lavorazione; the citizen sees "affidata a una ditta esterna" (the name only with showNameToCitizen).',
  })
  async forwardToContractor(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('contractorId', () => ID) contractorId: string,
    @Arg('instructions', () => String, { nullable: true }) instructions: string | null,
    @Arg('showNameToCitizen', () => Boolean, { nullable: true, defaultValue: false })
    showNameToCitizen: boolean,
    @Arg('expiresInDays', () => Int, {
      nullable: true,
      description: 'How long the link works: 1–180 days, 30 by default.',
    })
    expiresInDays: number | null,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    const ticketId = parseId(id, 'id', 'int8');
    await ctx.services.contractors.forward(
      ctx.viewer,
      {
        id: ticketId,
        version,
        contractorId: parseId(contractorId, 'contractorId', 'int4'),
        instructions,
        showNameToCitizen,
        expiresInDays,
      },
      ctx.clientAddress,
    );
    return { ticket: toStaffTicket(await ctx.services.workflow.reload(ticketId)) };
  }

  @Authorized<AccessRule>('tickets:write')
  @Mutation(() => TicketChangePayload, {
    description: "Revokes the ticket's contractor link: the page then accepts nothing.",
  })
  async revokeContractorLink(
    @Arg('id', () => ID, { description: 'The ticket.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<TicketChangePayload> {
    const ticketId = parseId(id, 'id', 'int8');
    await ctx.services.contractors.revoke(ctx.viewer, ticketId, ctx.clientAddress);
    return { ticket: toStaffTicket(await ctx.services.workflow.reload(ticketId)) };
  }

  @FieldResolver(() => TicketContractor, {
    nullable: true,
    description:
      'The external contractor the ticket is forwarded to (its latest link not revoked).',
  })
  async contractor(
    @Root() ticket: StaffTicket,
    @Ctx() ctx: Context,
  ): Promise<TicketContractor | null> {
    const row = await ctx.services.contractors.current(ctx.viewer, ticket.row);
    return row ? toTicketContractor(row) : null;
  }
}
