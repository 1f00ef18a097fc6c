// Webhooks for integrators (admins: a session, or a token with webhooks:manage): thin, as every
// resolver: parse ids, call ctx.services.webhooks, map the rows.
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Mutation,
  Query,
  Resolver,
} from 'type-graphql';
import { parseId } from '../domain/id.js';
import type { AccessRule } from '../domain/staff-access.js';
import { PageArgs, toConnection, type ConnectionShape } from './connection.js';
import type { Context } from './context.js';
import {
  CreateWebhookInput,
  Webhook,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryConnection,
  toWebhook,
  toWebhookDelivery,
} from './webhook.type.js';

@ArgsType()
class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID) webhookId!: string;
}

@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized<AccessRule>('webhooks:manage')
  @Query(() => [Webhook], { description: "The comune's webhook subscriptions (webhooks:manage)." })
  async webhooks(@Ctx() ctx: Context): Promise<Webhook[]> {
    return (await ctx.services.webhooks.list(ctx.viewer)).map(toWebhook);
  }

  @Authorized<AccessRule>('webhooks:manage')
  @Query(() => WebhookDeliveryConnection, {
    description: 'The delivery log of one subscription, newest first (webhooks:manage).',
  })
  async webhookDeliveries(
    @Args(() => WebhookDeliveriesArgs) args: WebhookDeliveriesArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<WebhookDelivery>> {
    const page = await ctx.services.webhooks.deliveries(
      ctx.viewer,
      parseId(args.webhookId, 'webhookId', 'int4'),
      args.first,
      args.after,
    );
    return toConnection({ ...page, nodes: page.nodes.map(toWebhookDelivery) });
  }

  @Authorized<AccessRule>('webhooks:manage')
  @Mutation(() => WebhookCreated, {
    description:
      'Registers an https URL for some event types; the answer carries the signing secret, shown only here (webhooks:manage).',
  })
  async createWebhook(
    @Arg('input', () => CreateWebhookInput) input: CreateWebhookInput,
    @Ctx() ctx: Context,
  ): Promise<WebhookCreated> {
    const { secret, row } = await ctx.services.webhooks.create(
      ctx.viewer,
      input,
      ctx.clientAddress,
    );
    return { secret, webhook: toWebhook(row) };
  }

  @Authorized<AccessRule>('webhooks:manage')
  @Mutation(() => Webhook, {
    description: 'Deletes a subscription and its delivery log; nothing more is sent to it.',
  })
  async deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Webhook> {
    return toWebhook(
      await ctx.services.webhooks.delete(ctx.viewer, parseId(id, 'id', 'int4'), ctx.clientAddress),
    );
  }

  @Authorized<AccessRule>('webhooks:manage')
  @Mutation(() => Webhook, {
    description: 'Stops sending; new events are kept, in order, until resumeWebhook.',
  })
  async pauseWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Webhook> {
    return toWebhook(
      await ctx.services.webhooks.pause(ctx.viewer, parseId(id, 'id', 'int4'), ctx.clientAddress),
    );
  }

  @Authorized<AccessRule>('webhooks:manage')
  @Mutation(() => Webhook, {
    description:
      'Sends again (a paused subscription, also one the sender paused): the waiting deliveries at once, in order.',
  })
  async resumeWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Webhook> {
    return toWebhook(
      await ctx.services.webhooks.resume(ctx.viewer, parseId(id, 'id', 'int4'), ctx.clientAddress),
    );
  }

  @Authorized<AccessRule>('webhooks:manage')
  @Mutation(() => WebhookDelivery, {
    description:
      'Sends a delivery again: a new log row with the same event id and body (the receiver drops it if it had it).',
  })
  async redeliverWebhook(
    @Arg('deliveryId', () => ID) deliveryId: string,
    @Ctx() ctx: Context,
  ): Promise<WebhookDelivery> {
    return toWebhookDelivery(
      await ctx.services.webhooks.redeliver(
        ctx.viewer,
        parseId(deliveryId, 'deliveryId', 'int8'),
        ctx.clientAddress,
      ),
    );
  }
}
