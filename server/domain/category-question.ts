// The questions a category asks and the one check of their answers: the GraphQL form (submitReport,
// createStaffReport) and Open311 (POST requests, attribute[code]) both end in checkAnswers.
import { AppError, badInput } from './app-error.js';
import { parseId } from './id.js';

export const QUESTION_TYPES = [
  'text',
  'number',
  'yes_no',
  'single_choice',
  'multiple_choice',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_LABEL_MAX = 200;
export const ANSWER_TEXT_MAX = 500;
export const MAX_QUESTIONS = 20;
export const MAX_OPTIONS = 30;

export interface QuestionOption {
  value: string;
  labelIt: string;
  labelEn: string;
}

export interface Question {
  id: number;
  categoryId: number;
  code: string;
  labelIt: string;
  labelEn: string;
  type: QuestionType;
  required: boolean;
  options: QuestionOption[];
  sortOrder: number;
}

/** A checked answer: a string (text, single choice), a number, a boolean (yes/no) or option values. */
export type AnswerValue = string | number | boolean | string[];

export interface Answer {
  questionId: number;
  value: AnswerValue;
}

/** An answer as a client sends it: one value, or several (multiple choice; Open311 attribute[code][]). */
export interface RawAnswer {
  questionId: string;
  value?: string | null;
  values?: readonly string[] | null;
}

/** The shape of the raw list (ids, no question twice); checkAnswers then checks each against its question. */
export function parseRawAnswers(raw: readonly RawAnswer[] | null | undefined): ParsedAnswer[] {
  const list = (raw ?? []).map((a) => ({
    questionId: parseId(a.questionId, 'answers', 'int4'),
    values: [...(a.values ?? []), ...(a.value === null || a.value === undefined ? [] : [a.value])],
  }));
  if (list.length > MAX_QUESTIONS)
    throw badInput('answers', `Al massimo ${MAX_QUESTIONS} risposte per segnalazione.`);
  if (new Set(list.map((a) => a.questionId)).size !== list.length)
    throw badInput('answers', 'La stessa domanda ha due risposte.');
  return list;
}

export interface ParsedAnswer {
  questionId: number;
  values: string[];
}

function wrong(question: Question, message: string): AppError {
  return new AppError('BAD_USER_INPUT', `«${question.labelIt}»: ${message}`, {
    field: 'answers',
    questionId: String(question.id),
    question: question.code,
  });
}

const NUMBER = /^-?\d{1,12}(?:[.,]\d{1,6})?$/;
const YES = new Set(['true', 'si', 'sì', 'yes', '1']);
const NO = new Set(['false', 'no', '0']);

function one(question: Question, values: string[]): string {
  if (values.length !== 1) throw wrong(question, 'serve una sola risposta.');
  return values[0];
}

function checkValue(question: Question, raw: string[]): AnswerValue | undefined {
  const values = raw.map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0) return undefined;
  switch (question.type) {
    case 'text': {
      const text = one(question, values);
      if (text.length > ANSWER_TEXT_MAX)
        throw wrong(question, `risposta troppo lunga (massimo ${ANSWER_TEXT_MAX} caratteri).`);
      return text;
    }
    case 'number': {
      const text = one(question, values);
      if (!NUMBER.test(text)) throw wrong(question, 'serve un numero.');
      return Number(text.replace(',', '.'));
    }
    case 'yes_no': {
      const text = one(question, values).toLowerCase();
      if (YES.has(text)) return true;
      if (NO.has(text)) return false;
      throw wrong(question, 'la risposta è sì (true) o no (false).');
    }
    case 'single_choice': {
      const text = one(question, values);
      if (!question.options.some((o) => o.value === text))
        throw wrong(question, `opzione sconosciuta "${text.slice(0, 40)}".`);
      return text;
    }
    case 'multiple_choice': {
      const unknown = values.find((v) => !question.options.some((o) => o.value === v));
      if (unknown !== undefined)
        throw wrong(question, `opzione sconosciuta "${unknown.slice(0, 40)}".`);
      // In the order of the options, each once.
      return question.options.map((o) => o.value).filter((v) => values.includes(v));
    }
    default: {
      const never: never = question.type;
      throw new Error(`Unknown question type ${String(never)}`);
    }
  }
}

/**
 * Checks the answers of a report against its category's active questions: every answer names one of
 * them and fits its type and options, every required one is answered. Throws BAD_USER_INPUT naming
 * the question (extensions.questionId and .question, its code); returns the answers to store.
 */
export function checkAnswers(questions: readonly Question[], answers: ParsedAnswer[]): Answer[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const a of answers)
    if (!byId.has(a.questionId))
      throw new AppError(
        'BAD_USER_INPUT',
        `La domanda ${a.questionId} non è una domanda di questa categoria.`,
        { field: 'answers', questionId: String(a.questionId) },
      );
  const checked: Answer[] = [];
  for (const question of questions) {
    const given = answers.find((a) => a.questionId === question.id);
    const value = given ? checkValue(question, given.values) : undefined;
    if (value === undefined) {
      if (question.required) throw wrong(question, 'la risposta è obbligatoria.');
      continue;
    }
    checked.push({ questionId: question.id, value });
  }
  return checked;
}

/** An answer as text for people (staff page, exports): labels in the chosen language. */
export function answerText(question: Question, value: AnswerValue, locale: 'it' | 'en'): string {
  const label = (v: string) => {
    const o = question.options.find((x) => x.value === v);
    return o ? (locale === 'it' ? o.labelIt : o.labelEn) : v;
  };
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (typeof value === 'boolean') return value ? (locale === 'it' ? 'sì' : 'yes') : 'no';
  if (typeof value === 'number') return String(value);
  return question.type === 'single_choice' ? label(value) : value;
}

/** A question as an admin sends it (setCategoryQuestions). */
export interface RawQuestion {
  code: string;
  labelIt: string;
  labelEn: string;
  type: QuestionType;
  required: boolean;
  options?: readonly QuestionOption[] | null;
}

const CODE = /^[a-z][a-z0-9_]{0,39}$/;

function label(value: string, field: string): string {
  const t = value.trim();
  if (!t || t.length > QUESTION_LABEL_MAX)
    throw badInput(
      field,
      `Etichetta vuota o troppo lunga (massimo ${QUESTION_LABEL_MAX} caratteri).`,
    );
  return t;
}

/** Checks an admin's list of questions for one category; throws BAD_USER_INPUT naming the field. */
export function validateQuestions(
  raw: readonly RawQuestion[],
): (Omit<RawQuestion, 'options'> & { options: QuestionOption[] })[] {
  if (raw.length > MAX_QUESTIONS)
    throw badInput('questions', `Al massimo ${MAX_QUESTIONS} domande per categoria.`);
  const codes = new Set<string>();
  return raw.map((q) => {
    const code = q.code.trim();
    if (!CODE.test(code))
      throw badInput(
        'questions.code',
        `Codice di domanda non valido "${code.slice(0, 40)}": lettere minuscole, cifre e _, fino a 40.`,
      );
    if (codes.has(code)) throw badInput('questions.code', `Il codice "${code}" è ripetuto.`);
    codes.add(code);
    const choice = q.type === 'single_choice' || q.type === 'multiple_choice';
    const options = (q.options ?? []).map((o) => ({
      value: o.value.trim(),
      labelIt: label(o.labelIt, 'questions.options'),
      labelEn: label(o.labelEn, 'questions.options'),
    }));
    if (choice && options.length === 0)
      throw badInput('questions.options', `La domanda "${code}" a scelta ha bisogno di opzioni.`);
    if (!choice && options.length > 0)
      throw badInput('questions.options', `La domanda "${code}" non è a scelta: niente opzioni.`);
    if (options.length > MAX_OPTIONS)
      throw badInput('questions.options', `Al massimo ${MAX_OPTIONS} opzioni per domanda.`);
    const values = new Set(options.map((o) => o.value));
    if (values.size !== options.length || options.some((o) => !CODE.test(o.value)))
      throw badInput(
        'questions.options',
        `Valori delle opzioni di "${code}" non validi o ripetuti: lettere minuscole, cifre e _.`,
      );
    return {
      code,
      labelIt: label(q.labelIt, 'questions.labelIt'),
      labelEn: label(q.labelEn, 'questions.labelEn'),
      type: q.type,
      required: q.required,
      options,
    };
  });
}
