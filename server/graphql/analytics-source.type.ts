// Where the planning dashboard's figures are read: the primary, or the hot standby of
// ANALYTICS_DATABASE_URL with its lag, so that the page can say how fresh its data are.
import { Field, Float, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Where planner queries and exports read: the primary the offices write to, or a hot standby (ANALYTICS_DATABASE_URL) that runs a little behind it.',
})
export class AnalyticsSource {
  @Field(() => Boolean, {
    description:
      'True when analytics read a standby (in recovery), false when they read a primary.',
  })
  replica!: boolean;

  @Field(() => Float, {
    description:
      "Seconds the standby's data lag behind the primary: 0 when it has replayed all the primary sent (also when the primary is idle) and always 0 on a primary; otherwise the age of the last change it replayed.",
  })
  lagSeconds!: number;
}
