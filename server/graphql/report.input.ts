import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MAX_QUESTIONS } from '../domain/category-question.js';
import { MAX_ATTACHMENTS } from '../domain/report.js';
import { AnswerInput } from './category-question.type.js';
import { MaxItems } from './list-limits.js';
import { PointInput } from './point.input.js';
import { ReportChannel } from './report-channel.enum.js';
import { StaffTicket } from './staff-ticket.type.js';
import { Ticket } from './ticket.type.js';

@InputType({
  description: 'A citizen report. Every text is trimmed; limits are checked by the server.',
})
export class SubmitReportInput {
  @Field(() => ID) categoryId!: string;
  @Field(() => PointInput, {
    description: 'Where the problem is (must be inside the municipality).',
  })
  location!: PointInput;
  @Field(() => String, { description: 'Short title, 1–120 characters.' }) title!: string;
  @Field(() => String, { description: 'What is wrong, 1–4,000 characters.' }) description!: string;
  @Field(() => String, { description: 'Where updates are sent. Never shown publicly.' })
  email!: string;
  @Field(() => String, { nullable: true, description: 'Optional name. Never shown publicly.' })
  name?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Optional address or landmark, shown with the report.',
  })
  address?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Optional house number near the street addressAt found (12, 12A, 12/B), shown with the report.',
  })
  houseNumber?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Ids returned by POST /attachments.' })
  @MaxItems(MAX_ATTACHMENTS)
  attachmentIds?: string[] | null;
  @Field(() => Boolean, {
    description: 'Consent to the processing of the e-mail address; must be true.',
  })
  privacyConsent!: boolean;
  @Field(() => String, {
    nullable: true,
    description: '"it" (default) or "en": the language of the e-mails.',
  })
  locale?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Any unique string per report attempt: a retry with the same key returns the first ticket.',
  })
  idempotencyKey?: string | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'The version of the privacy notice the form showed (Municipality.privacyNoticeVersion); stored with the report. Omitted: the current one.',
  })
  privacyNoticeVersion?: number | null;
  @Field(() => [AnswerInput], {
    nullable: true,
    description:
      "Answers to the category's questions (Category.questions); wrong type, unknown option or a missing required one is BAD_USER_INPUT naming the question.",
  })
  @MaxItems(MAX_QUESTIONS)
  answers?: AnswerInput[] | null;
}

@ObjectType()
export class SubmitReportPayload {
  @Field(() => Ticket, {
    nullable: true,
    description:
      'The report filed; null when the comune asks reporters to confirm their e-mail first (confirmationRequired).',
  })
  ticket!: Ticket | null;
  @Field(() => Boolean, {
    description:
      'True: a confirmation link was mailed; the report reaches the office (and gets its tracking code) once it is used.',
  })
  confirmationRequired!: boolean;
}

@ArgsType()
export class JoinReportArgs {
  @Field(() => String, { description: 'Tracking code of the report to join.' }) code!: string;
  @Field(() => String) email!: string;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'The version of the privacy notice shown; stored with the join. Omitted: the current one.',
  })
  privacyNoticeVersion?: number | null;
}

export enum JoinStatus {
  CONFIRMATION_SENT = 'CONFIRMATION_SENT',
}
registerEnumType(JoinStatus, {
  name: 'JoinStatus',
  description: 'The one answer of joinReport, whatever the address.',
});

@ObjectType({
  description:
    'The answer to "mi associo", the same for every address: a mail went to it (a confirmation link, or a notice that it already follows the report).',
})
export class JoinResult {
  @Field(() => JoinStatus) status!: JoinStatus;
}

@InputType({
  description:
    'A report taken by staff for a citizen who phoned, came to the desk, wrote an e-mail or a PEC: the citizen form with the e-mail optional (given: the citizen gets the same mails) and the channel.',
})
export class StaffReportInput {
  @Field(() => ID) categoryId!: string;
  @Field(() => PointInput, {
    description: 'Where the problem is (must be inside the municipality).',
  })
  location!: PointInput;
  @Field(() => String, { description: 'Short title, 1–120 characters.' }) title!: string;
  @Field(() => String, { description: 'What is wrong, 1–4,000 characters.' }) description!: string;
  @Field(() => ReportChannel, { description: 'PHONE, DESK, EMAIL, PEC or IN_PERSON.' })
  channel!: ReportChannel;
  @Field(() => String, {
    nullable: true,
    description: "The citizen's e-mail, if given: updates are sent there. Never shown publicly.",
  })
  email?: string | null;
  @Field(() => String, { nullable: true, description: "The citizen's name. Never shown publicly." })
  name?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The citizen's phone, to call back. Never shown publicly.",
  })
  phone?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Optional address or landmark, shown with the report.',
  })
  address?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Optional house number near the street addressAt found (12, 12A, 12/B), shown with the report.',
  })
  houseNumber?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Ids returned by POST /attachments.' })
  @MaxItems(MAX_ATTACHMENTS)
  attachmentIds?: string[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'The citizen consented to the processing of their contact: required when e-mail, name or phone is given.',
  })
  privacyConsent?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: '"it" (default) or "en": the language of the citizen\'s e-mails.',
  })
  locale?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Any unique string per attempt: a retry with the same key returns the first ticket.',
  })
  idempotencyKey?: string | null;
  @Field(() => [AnswerInput], {
    nullable: true,
    description:
      "Answers to the category's questions (Category.questions); wrong type, unknown option or a missing required one is BAD_USER_INPUT naming the question.",
  })
  @MaxItems(MAX_QUESTIONS)
  answers?: AnswerInput[] | null;
}

@ObjectType()
export class StaffReportPayload {
  @Field(() => StaffTicket, {
    description: 'The new ticket; read its code to the citizen (the tracking code).',
  })
  ticket!: StaffTicket;
}
