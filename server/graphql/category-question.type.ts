import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { TicketAnswerRow } from '../db/category-question.queries.js';
import { answerText, MAX_OPTIONS, type Question } from '../domain/category-question.js';
import { MaxItems } from './list-limits.js';

/** GraphQL names of the question types; the values are the domain (database) names. */
export enum QuestionType {
  TEXT = 'text',
  NUMBER = 'number',
  YES_NO = 'yes_no',
  SINGLE_CHOICE = 'single_choice',
  MULTIPLE_CHOICE = 'multiple_choice',
}

registerEnumType(QuestionType, {
  name: 'QuestionType',
  description:
    'What a category question takes: TEXT (up to 500 characters), NUMBER, YES_NO ("true"/"false"), SINGLE_CHOICE (one option value) or MULTIPLE_CHOICE (option values).',
});

@ObjectType({ description: 'One option of a choice question.' })
export class QuestionOption {
  @Field(() => String, { description: 'Stable code sent as the answer, e.g. "carreggiata".' })
  value!: string;
  @Field(() => String, { description: 'Italian label.' }) label!: string;
  @Field(() => String, { description: 'English label.' }) labelEn!: string;
}

@ObjectType({
  description:
    "A question the report form asks for a category (e.g. 'Numero del palo'); the answer goes in SubmitReportInput.answers.",
})
export class CategoryQuestion {
  @Field(() => ID) id!: string;
  @Field(() => String, {
    description: 'Stable machine code (the Open311 attribute code), e.g. "numero_palo".',
  })
  code!: string;
  @Field(() => String, { description: 'Italian label.' }) label!: string;
  @Field(() => String, { description: 'English label.' }) labelEn!: string;
  @Field(() => QuestionType) type!: QuestionType;
  @Field(() => Boolean, { description: 'A report of this category must answer it.' })
  required!: boolean;
  @Field(() => [QuestionOption], { description: 'The choices (choice questions only).' })
  options!: QuestionOption[];
}

export function toCategoryQuestion(q: Question): CategoryQuestion {
  return {
    id: String(q.id),
    code: q.code,
    label: q.labelIt,
    labelEn: q.labelEn,
    type: q.type as QuestionType,
    required: q.required,
    options: q.options.map((o) => ({ value: o.value, label: o.labelIt, labelEn: o.labelEn })),
  };
}

@InputType({ description: "An answer to one of the category's questions." })
export class AnswerInput {
  @Field(() => ID) questionId!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The answer: text, a number ("12" or "3.5"), "true"/"false" for YES_NO, an option value for SINGLE_CHOICE.',
  })
  value?: string | null;
  @Field(() => [String], {
    nullable: true,
    description: 'MULTIPLE_CHOICE: the chosen option values.',
  })
  @MaxItems(MAX_OPTIONS)
  values?: string[] | null;
}

@ObjectType({ description: 'How a report answered one of its category’s questions.' })
export class TicketAnswer {
  @Field(() => CategoryQuestion) question!: CategoryQuestion;
  @Field(() => [String], {
    description:
      'The answer as sent: one string (text, number, "true"/"false", an option value), or the option values.',
  })
  value!: string[];
  @Field(() => String, { description: 'The answer for people, in Italian (option labels, sì/no).' })
  text!: string;
  @Field(() => String, { description: 'The answer for people, in English.' }) textEn!: string;
}

export function toTicketAnswer(row: TicketAnswerRow): TicketAnswer {
  return {
    question: toCategoryQuestion(row.question),
    value: Array.isArray(row.value) ? row.value : [String(row.value)],
    text: answerText(row.question, row.value, 'it'),
    textEn: answerText(row.question, row.value, 'en'),
  };
}

@InputType({ description: 'One option of a choice question, as an admin sets it.' })
export class QuestionOptionInput {
  @Field(() => String, { description: 'Stable code: lower-case letters, digits and _.' })
  value!: string;
  @Field(() => String) label!: string;
  @Field(() => String) labelEn!: string;
}

@InputType({ description: 'A category question as an admin sets it (setCategoryQuestions).' })
export class CategoryQuestionInput {
  @Field(() => String, {
    description:
      'Stable code (lower-case letters, digits and _): the same code updates the question, a new one adds it.',
  })
  code!: string;
  @Field(() => String) label!: string;
  @Field(() => String) labelEn!: string;
  @Field(() => QuestionType) type!: QuestionType;
  @Field(() => Boolean) required!: boolean;
  @Field(() => [QuestionOptionInput], { nullable: true })
  @MaxItems(MAX_OPTIONS)
  options?: QuestionOptionInput[] | null;
}
