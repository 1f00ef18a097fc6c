import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from './connection.js';
import { GraphQLDateTime } from 'graphql-scalars';
import type { ConfirmationRow } from '../db/email-confirmation.queries.js';
import type { PrivacyNoticeRow } from '../db/privacy-notice.queries.js';
import { confirmationState } from '../domain/email-confirmation.js';

export enum PrivacyRequestStatus {
  REQUEST_SENT = 'REQUEST_SENT',
}
registerEnumType(PrivacyRequestStatus, {
  name: 'PrivacyRequestStatus',
  description: 'The one answer of requestMyData and requestErasure, whatever the address.',
});

@ObjectType({
  description:
    'The answer to a data-copy or erasure request, the same for every address: a link was mailed to it.',
})
export class PrivacyRequestResult {
  @Field(() => PrivacyRequestStatus) status!: PrivacyRequestStatus;
}

@ArgsType()
export class PrivacyRequestArgs {
  @Field(() => String, { description: 'The address whose data is asked for; the link goes there.' })
  email!: string;
  @Field(() => String, {
    nullable: true,
    description: '"it" (default) or "en": the mail’s language.',
  })
  locale?: string | null;
}

export enum PrivacyRequestKind {
  DATA_COPY = 'data_copy',
  ERASURE = 'erasure',
}
registerEnumType(PrivacyRequestKind, { name: 'PrivacyRequestKind' });

export enum PrivacyRequestState {
  PENDING = 'PENDING',
  COMPLETED = 'COMPLETED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(PrivacyRequestState, {
  name: 'PrivacyRequestState',
  description:
    'PENDING: mailed, link not used yet; COMPLETED: used (copy opened, erasure done); EXPIRED.',
});

@ObjectType({ description: 'A request of a data subject (GDPR art. 15, 17), for the office.' })
export class PrivacyRequest {
  @Field(() => ID) id!: string;
  @Field(() => PrivacyRequestKind) kind!: PrivacyRequestKind;
  @Field(() => PrivacyRequestState) state!: PrivacyRequestState;
  @Field(() => String, {
    nullable: true,
    description: 'The address asked about; null once its erasure was carried out.',
  })
  email!: string | null;
  @Field(() => GraphQLDateTime) requestedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) completedAt!: Date | null;
  @Field(() => GraphQLDateTime) expiresAt!: Date;
}

export function toPrivacyRequest(row: ConfirmationRow): PrivacyRequest {
  return {
    id: String(row.id),
    kind: row.purpose === 'erasure' ? PrivacyRequestKind.ERASURE : PrivacyRequestKind.DATA_COPY,
    state: PrivacyRequestState[confirmationState(row)],
    email: row.email,
    requestedAt: row.created_at,
    completedAt: row.used_at,
    expiresAt: row.expires_at,
  };
}

@ObjectType({
  description: 'The data-copy and erasure requests, newest first; totalCount counts all of them.',
})
export class PrivacyRequestConnection extends Connection(PrivacyRequest, 'PrivacyRequest') {}

@ObjectType({ description: 'One version of the comune’s privacy notice (GDPR art. 13).' })
export class PrivacyNoticeVersion {
  @Field(() => Int) version!: number;
  @Field(() => String) it!: string;
  @Field(() => String) en!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
}

export function toPrivacyNoticeVersion(row: PrivacyNoticeRow): PrivacyNoticeVersion {
  return { version: row.version, it: row.text_it, en: row.text_en, createdAt: row.created_at };
}

@ArgsType()
export class PublishPrivacyNoticeArgs {
  @Field(() => String, { description: 'The notice in Italian, 1–20,000 characters.' }) it!: string;
  @Field(() => String, { description: 'The notice in English, 1–20,000 characters.' }) en!: string;
}
