import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from './context.js';
import {
  AlertSubscriptionStatus,
  SubscribeAlertsInput,
  SubscribeAlertsResult,
} from './alert.input.js';

@Resolver()
export class AlertResolver {
  @Mutation(() => SubscribeAlertsResult, {
    description:
      'Asks for a daily e-mail of the new public reports in a street or within a radius of a point. The address gets a confirmation link (or, when it already has these alerts, a notice); digests start once it is confirmed, and each has a one-click unsubscribe link. The answer is the same for every address.',
  })
  async subscribeAlerts(
    @Arg('input', () => SubscribeAlertsInput) input: SubscribeAlertsInput,
    @Ctx() ctx: Context,
  ): Promise<SubscribeAlertsResult> {
    await ctx.services.alerts.subscribe(
      {
        ...input,
        location: input.location ? { lon: input.location.lon, lat: input.location.lat } : null,
      },
      ctx.clientAddress,
    );
    return { status: AlertSubscriptionStatus.CONFIRMATION_SENT };
  }
}
