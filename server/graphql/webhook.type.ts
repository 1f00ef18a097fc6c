// The GraphQL shapes of webhooks: a subscription, the answer of createWebhook (the secret, shown once),
// one delivery of the log, and its connection.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { DeliveryRow, WebhookRow } from '../db/webhook.queries.js';
import { WEBHOOK_EVENTS } from '../domain/webhook-event.js';
import { WEBHOOK_URL_MAX } from '../domain/webhook-url.js';
import { Connection } from './connection.js';
import { MaxItems } from './list-limits.js';

export enum WebhookStatus {
  ACTIVE = 'active',
  PAUSED = 'paused',
}
registerEnumType(WebhookStatus, {
  name: 'WebhookStatus',
  description: 'PAUSED: nothing is sent; new events are kept, in order, for resumeWebhook.',
});

export enum WebhookDeliveryState {
  PENDING = 'pending',
  DELIVERED = 'delivered',
  FAILED = 'failed',
}
registerEnumType(WebhookDeliveryState, {
  name: 'WebhookDeliveryState',
  description:
    'PENDING: waiting or being retried; DELIVERED: the receiver answered 2xx; FAILED: given up after WEBHOOK_GIVE_UP_HOURS (redeliverWebhook sends it again).',
});

@InputType({ description: 'A new webhook subscription.' })
export class CreateWebhookInput {
  @Field(() => String, {
    description: `The receiver: https://, at most ${WEBHOOK_URL_MAX} characters, a public address (no loopback, private or link-local one).`,
  })
  url!: string;

  @MaxItems(WEBHOOK_EVENTS.length)
  @Field(() => [String], { description: `Event types: ${WEBHOOK_EVENTS.join(', ')}.` })
  events!: string[];
}

@ObjectType({ description: "A comune's webhook subscription (docs/webhooks.md)." })
export class Webhook {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => [String]) events!: string[];
  @Field(() => WebhookStatus) status!: WebhookStatus;
  @Field(() => String, {
    nullable: true,
    description: 'Why it is paused: "failing" (by the sender; its owner was mailed) or "owner".',
  })
  pausedReason!: string | null;
  @Field(() => Int, { description: 'Failed attempts since the last delivered one.' })
  consecutiveFailures!: number;
  @Field(() => ID, {
    description: 'The member of staff who registered it (mailed when it is paused).',
  })
  ownerId!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
}

@ObjectType({ description: 'The new subscription and its signing secret, shown only here.' })
export class WebhookCreated {
  @Field(() => Webhook) webhook!: Webhook;
  @Field(() => String, {
    description: 'Verifies Segnala-Signature (HMAC-SHA256 of "<t>.<body>"). Not shown again.',
  })
  secret!: string;
}

@ObjectType({ description: 'One delivery of one event to one subscription: the log row.' })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => ID) webhookId!: string;
  @Field(() => String, {
    description: 'The Segnala-Event-Id header: the same on every attempt and redelivery.',
  })
  eventId!: string;
  @Field(() => String) eventType!: string;
  @Field(() => WebhookDeliveryState) state!: WebhookDeliveryState;
  @Field(() => Int) attempts!: number;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When PENDING: the next attempt.',
  })
  nextAttemptAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) deliveredAt!: Date | null;
  @Field(() => Int, { nullable: true, description: "The receiver's last HTTP status." })
  lastStatus!: number | null;
  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in ms.' })
  latencyMs!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => ID, { nullable: true, description: 'The delivery this one redelivers.' })
  redeliveryOf!: string | null;
  @Field(() => String, { description: 'The exact JSON body posted.' }) payload!: string;
}

@ObjectType()
export class WebhookDeliveryConnection extends Connection(WebhookDelivery, 'WebhookDelivery') {}

export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: String(row.id),
    url: row.url,
    events: row.events,
    status: row.status as WebhookStatus,
    pausedReason: row.paused_reason,
    consecutiveFailures: row.consecutive_failures,
    ownerId: String(row.owner_staff_id),
    createdAt: row.created_at,
  };
}

export function toWebhookDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: String(row.id),
    webhookId: String(row.webhook_id),
    eventId: row.event_id,
    eventType: row.event_type,
    state: row.state as WebhookDeliveryState,
    attempts: row.attempts,
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
    nextAttemptAt: row.state === 'pending' ? row.next_attempt_at : null,
    deliveredAt: row.delivered_at,
    lastStatus: row.last_status,
    latencyMs: row.latency_ms,
    lastError: row.last_error,
    redeliveryOf: row.redelivery_of === null ? null : String(row.redelivery_of),
    payload: row.payload,
  };
}
