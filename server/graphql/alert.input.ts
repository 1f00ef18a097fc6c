import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PointInput } from './point.input.js';

@InputType({
  description:
    'An alert subscription: an e-mail address and a place, either a street (streetId) or a point with a radius in metres (location and radiusM).',
})
export class SubscribeAlertsInput {
  @Field(() => String, { description: 'The address the daily digest goes to, once confirmed.' })
  email!: string;
  @Field(() => ID, { nullable: true, description: 'A street of the comune (streets, street).' })
  streetId?: string | null;
  @Field(() => PointInput, { nullable: true, description: 'A point inside the comune.' })
  location?: PointInput | null;
  @Field(() => Int, {
    nullable: true,
    description: 'With location: metres around it, at least 50 and at most the size of the comune.',
  })
  radiusM?: number | null;
  @Field(() => String, {
    nullable: true,
    description: '"it" (default) or "en": the mails’ language.',
  })
  locale?: string | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'The version of the privacy notice shown; stored with the subscription. Omitted: the current one.',
  })
  privacyNoticeVersion?: number | null;
}

export enum AlertSubscriptionStatus {
  CONFIRMATION_SENT = 'CONFIRMATION_SENT',
}
registerEnumType(AlertSubscriptionStatus, {
  name: 'AlertSubscriptionStatus',
  description: 'The one answer of subscribeAlerts, whatever the address.',
});

@ObjectType({
  description:
    'The answer to subscribeAlerts, the same for every address: a mail went to it (a confirmation link, or a notice that it already has these alerts).',
})
export class SubscribeAlertsResult {
  @Field(() => AlertSubscriptionStatus) status!: AlertSubscriptionStatus;
}
