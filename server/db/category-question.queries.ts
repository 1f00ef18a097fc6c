// Category questions (what the form asks) and the answers a report gave (sql/053).
import type {
  Answer,
  AnswerValue,
  Question,
  QuestionOption,
  QuestionType,
} from '../domain/category-question.js';
import { named, query, type Queryable } from './pool.js';

interface QuestionRow {
  id: number;
  category_id: number;
  code: string;
  label_it: string;
  label_en: string;
  type: QuestionType;
  required: boolean;
  options: { value: string; label_it: string; label_en: string }[];
  sort_order: number;
}

function toQuestion(row: QuestionRow): Question {
  return {
    id: row.id,
    categoryId: row.category_id,
    code: row.code,
    labelIt: row.label_it,
    labelEn: row.label_en,
    type: row.type,
    required: row.required,
    options: row.options.map((o) => ({ value: o.value, labelIt: o.label_it, labelEn: o.label_en })),
    sortOrder: row.sort_order,
  };
}

const QUESTION_COLUMNS =
  'id, category_id, code, label_it, label_en, type, required, options, sort_order';

/** The active questions of these categories, in the order the form asks them. */
const QUESTIONS_OF = named(
  'category_question.of',
  `select ${QUESTION_COLUMNS} from category_question
   where municipality_id = $1 and category_id = any($2::int[]) and active
   order by category_id, sort_order, id`,
);

export async function listQuestions(
  db: Queryable,
  municipalityId: number,
  categoryIds: readonly number[],
): Promise<Question[]> {
  const rows = await query<QuestionRow>(db, QUESTIONS_OF, [municipalityId, categoryIds]);
  return rows.map(toQuestion);
}

/** Every active question of the comune (Open311 services: which categories have metadata). */
export async function listAllQuestions(db: Queryable, municipalityId: number): Promise<Question[]> {
  const rows = await query<QuestionRow>(
    db,
    `select ${QUESTION_COLUMNS} from category_question where municipality_id = $1 and active
     order by category_id, sort_order, id`,
    [municipalityId],
  );
  return rows.map(toQuestion);
}

const jsonOptions = (options: readonly QuestionOption[]) =>
  JSON.stringify(
    options.map((o) => ({ value: o.value, label_it: o.labelIt, label_en: o.labelEn })),
  );

export interface QuestionFields {
  code: string;
  labelIt: string;
  labelEn: string;
  type: QuestionType;
  required: boolean;
  options: QuestionOption[];
}

/**
 * Makes the category's active questions exactly `questions`, in that order: a code already there is
 * updated (and made active again), a new one inserted, one no longer listed retired (active = false:
 * answers keep pointing at it). Returns how many rows changed.
 */
export async function replaceQuestions(
  db: Queryable,
  municipalityId: number,
  categoryId: number,
  questions: readonly QuestionFields[],
): Promise<void> {
  await db.query(
    `update category_question set active = false, updated_at = now()
     where municipality_id = $1 and category_id = $2 and active and not (code = any($3::text[]))`,
    [municipalityId, categoryId, questions.map((q) => q.code)],
  );
  for (const [i, q] of questions.entries())
    await db.query(
      `insert into category_question (municipality_id, category_id, code, label_it, label_en, type, required, options, sort_order)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
       on conflict (municipality_id, category_id, code) do update set label_it = excluded.label_it,
         label_en = excluded.label_en, type = excluded.type, required = excluded.required, options = excluded.options,
         sort_order = excluded.sort_order, active = true, updated_at = now()`,
      [
        municipalityId,
        categoryId,
        q.code,
        q.labelIt,
        q.labelEn,
        q.type,
        q.required,
        jsonOptions(q.options),
        i,
      ],
    );
}

export async function insertAnswers(
  db: Queryable,
  municipalityId: number,
  ticketId: number,
  answers: readonly Answer[],
): Promise<void> {
  if (!answers.length) return;
  await db.query(
    `insert into ticket_answer (municipality_id, ticket_id, question_id, value)
     select $1, $2, a.q, a.v from unnest($3::int[], $4::jsonb[]) as a(q, v)`,
    [
      municipalityId,
      ticketId,
      answers.map((a) => a.questionId),
      answers.map((a) => JSON.stringify(a.value)),
    ],
  );
}

export interface TicketAnswerRow {
  ticketId: number;
  question: Question;
  value: AnswerValue;
}

/** The answers of these tickets with their questions (retired ones too), in the form's order. */
export async function listTicketAnswers(
  db: Queryable,
  municipalityId: number,
  ticketIds: readonly number[],
): Promise<TicketAnswerRow[]> {
  const rows = await query<QuestionRow & { ticket_id: number; value: AnswerValue }>(
    db,
    `select a.ticket_id, a.value, q.id, q.category_id, q.code, q.label_it, q.label_en, q.type, q.required,
       q.options, q.sort_order
     from ticket_answer a
     join category_question q on q.municipality_id = a.municipality_id and q.id = a.question_id
     where a.municipality_id = $1 and a.ticket_id = any($2::bigint[])
     order by a.ticket_id, q.sort_order, q.id`,
    [municipalityId, ticketIds],
  );
  return rows.map((r) => ({
    ticketId: Number(r.ticket_id),
    question: toQuestion(r),
    value: r.value,
  }));
}
