import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { badInput } from '../domain/app-error.js';
import type { Context } from './context.js';

@ObjectType({ description: 'A staff invite that has just set its password.' })
export class InviteAccepted {
  @Field(() => String, { description: 'ISTAT code of the comune of the account.' })
  istatCode!: string;
  @Field(() => String, {
    description: 'Readable alias of that comune (its pages live under /{alias}/).',
  })
  alias!: string;
}

@Resolver()
export class InviteResolver {
  @Mutation(() => InviteAccepted, {
    description:
      'Sets the password of an invited staff account, once, with the token of its invite link. Refused with BAD_USER_INPUT and extensions.reason INVITE_UNKNOWN, INVITE_USED or INVITE_EXPIRED (nothing changes).',
  })
  async acceptInvite(
    @Arg('token', () => String) token: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<InviteAccepted> {
    if (password.length > 1024) throw badInput('password', 'Password troppo lunga.');
    const r = await ctx.services.invites.accept(token, password, ctx.clientAddress);
    return { istatCode: r.istatCode, alias: r.slug };
  }
}
