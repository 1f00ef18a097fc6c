// Category questions (issue 14 part 3): the seed's questions in `categories { questions }`, answers
// checked by the server (wrong type, unknown option, missing required: BAD_USER_INPUT naming the
// question, nothing written), admins set them, staff see the answers, exports carry them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import {
  categoryId,
  reportInput,
  rowCounts,
  streetPoint,
  type StreetPoint,
} from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { createGql, createStaff } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let app: TestApp;
let gql: ReturnType<typeof createGql>;
let admin: Viewer;
let point: StreetPoint;
let ip = 0;
interface Q {
  id: string;
  code: string;
  label: string;
  labelEn: string;
  type: string;
  required: boolean;
  options: { value: string; label: string }[];
}
let questions: Record<string, Q[]>;

const SUBMIT =
  'mutation($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }';

async function loadQuestions() {
  const r = await app.gql<{ categories: { code: string; questions: Q[] }[] }>(
    '{ categories { code questions { id code label labelEn type required options { value label } } } }',
  );
  questions = Object.fromEntries(r.data!.categories.map((c) => [c.code, c.questions]));
}
const qid = (category: string, code: string) =>
  questions[category].find((q) => q.code === code)!.id;

async function submit(category: string, answers: unknown[]) {
  return app.gql<{ submitReport: { ticket: { code: string } } }>(
    SUBMIT,
    { input: { ...reportInput(await categoryId(db, category), point), answers } },
    { 'x-forwarded-for': `10.41.0.${++ip}` },
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db.services);
  gql = createGql(db, await buildSegnalaSchema());
  admin = await createStaff(db, 'admin.q@example.org', 'admin');
  point = await streetPoint(db, 5);
  await loadQuestions();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('category questions', () => {
  it('the seed asks questions for a few categories, with it/en labels and options', () => {
    expect(questions.illuminazione_pubblica.map((q) => [q.code, q.label, q.type])).toEqual([
      ['numero_palo', 'Numero del palo', 'TEXT'],
      ['guasto', 'Che cosa succede alla luce?', 'SINGLE_CHOICE'],
    ]);
    expect(questions.buca_stradale[0]).toMatchObject({
      label: 'Carreggiata o marciapiede?',
      labelEn: 'Roadway or pavement?',
      required: false,
      options: [
        { value: 'carreggiata', label: 'Carreggiata' },
        { value: 'marciapiede', label: 'Marciapiede' },
      ],
    });
    expect(questions.rifiuti_abbandonati.map((q) => [q.type, q.required])).toEqual([
      ['MULTIPLE_CHOICE', true],
      ['YES_NO', false],
    ]);
    expect(questions.segnaletica).toEqual([]);
  });

  it('stores checked answers; staff see them with labels; exports carry them', async () => {
    const r = await submit('buca_stradale', [
      { questionId: qid('buca_stradale', 'posizione'), value: 'marciapiede' },
      { questionId: qid('buca_stradale', 'profondita_cm'), value: '12,5' },
    ]);
    expect(r.errors).toBeUndefined();
    const code = r.data!.submitReport.ticket.code;
    const id = (await db.pool.query('select id from ticket where code = $1', [code])).rows[0].id;
    const staff = await gql(
      admin,
      'query($id: ID!) { staffTicket(id: $id) { answers { question { code label } value text textEn } } }',
      { id: String(id) },
    );
    expect(staff.errors).toBeUndefined();
    expect((staff.data!.staffTicket as { answers: unknown }).answers).toEqual([
      {
        question: { code: 'posizione', label: 'Carreggiata o marciapiede?' },
        value: ['marciapiede'],
        text: 'Marciapiede',
        textEn: 'Pavement',
      },
      {
        question: { code: 'profondita_cm', label: 'Profondità approssimativa (cm)' },
        value: ['12.5'],
        text: '12.5',
        textEn: '12.5',
      },
    ]);
    const multi = await submit('rifiuti_abbandonati', [
      { questionId: qid('rifiuti_abbandonati', 'tipo_rifiuti'), values: ['sacchi', 'ingombranti'] },
      { questionId: qid('rifiuti_abbandonati', 'pericolosi'), value: 'sì' },
    ]);
    expect(multi.errors).toBeUndefined();
    const stored = await db.pool.query(
      `select a.value from ticket_answer a join ticket t on t.id = a.ticket_id where t.code = $1 order by a.question_id`,
      [multi.data!.submitReport.ticket.code],
    );
    // In the order of the options, each once.
    expect(stored.rows.map((x) => x.value)).toEqual([['ingombranti', 'sacchi'], true]);

    const planner = await createStaff(db, 'planner.q@example.org', 'planner');
    const { token } = await db.services.apiTokens.create(
      planner,
      'x',
      ['analytics:read'],
      '127.0.0.1',
    );
    const csv = await (
      await fetch(`${app.url}/export/tickets.csv`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).text();
    const lines = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0].split(',').at(-1)).toBe('answers');
    const line = lines.find((l) => l.startsWith(code))!;
    expect(line).toContain(`"{""posizione"":""marciapiede"",""profondita_cm"":12.5}"`);
    const geo = (await (
      await fetch(`${app.url}/export/tickets.geojson`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { features: { properties: { code: string; answers: unknown } }[] };
    expect(geo.features.find((f) => f.properties.code === code)!.properties.answers).toEqual({
      posizione: 'marciapiede',
      profondita_cm: 12.5,
    });
  });

  const BAD: [string, string, () => unknown[], string][] = [
    [
      'a number that is not one',
      'buca_stradale',
      () => [{ questionId: qid('buca_stradale', 'profondita_cm'), value: 'tanta' }],
      'profondita_cm',
    ],
    [
      'an unknown option',
      'buca_stradale',
      () => [{ questionId: qid('buca_stradale', 'posizione'), value: 'aiuola' }],
      'posizione',
    ],
    [
      'two values for a single choice',
      'buca_stradale',
      () => [
        { questionId: qid('buca_stradale', 'posizione'), values: ['carreggiata', 'marciapiede'] },
      ],
      'posizione',
    ],
    [
      'a yes/no that is neither',
      'rifiuti_abbandonati',
      () => [
        { questionId: qid('rifiuti_abbandonati', 'tipo_rifiuti'), values: ['sacchi'] },
        { questionId: qid('rifiuti_abbandonati', 'pericolosi'), value: 'forse' },
      ],
      'pericolosi',
    ],
    ['a required one missing', 'rifiuti_abbandonati', () => [], 'tipo_rifiuti'],
    [
      'a required one left empty',
      'rifiuti_abbandonati',
      () => [{ questionId: qid('rifiuti_abbandonati', 'tipo_rifiuti'), values: [] }],
      'tipo_rifiuti',
    ],
    [
      'a question of another category',
      'buca_stradale',
      () => [{ questionId: qid('illuminazione_pubblica', 'numero_palo'), value: '3' }],
      '',
    ],
    [
      'a text over 500 characters',
      'illuminazione_pubblica',
      () => [{ questionId: qid('illuminazione_pubblica', 'numero_palo'), value: 'x'.repeat(501) }],
      'numero_palo',
    ],
  ];
  for (const [label, category, answers, question] of BAD)
    it(`refuses ${label}: BAD_USER_INPUT naming the question, nothing written`, async () => {
      const before = await rowCounts(db);
      const r = await submit(category, answers());
      const error = r.errors?.[0];
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.extensions?.field).toBe('answers');
      expect(error?.extensions?.questionId).toBeTruthy();
      if (question) {
        expect(error?.extensions?.question).toBe(question);
        const q = questions[category].find((x) => x.code === question)!;
        expect(error?.message).toContain(q.label);
      }
      const after = await rowCounts(db);
      delete after.rate_limit;
      delete before.rate_limit;
      expect(after).toEqual(before);
    });

  it('admins set the questions of a category: add, update, reorder and retire', async () => {
    const arredo = await categoryId(db, 'arredo_urbano');
    const SET = `mutation($c: ID!, $q: [CategoryQuestionInput!]!) {
      setCategoryQuestions(categoryId: $c, questions: $q) { code label type required options { value } } }`;
    const first = await gql(admin, SET, {
      c: arredo,
      q: [
        {
          code: 'oggetto',
          label: 'Che cosa è rotto?',
          labelEn: 'What is broken?',
          type: 'SINGLE_CHOICE',
          required: true,
          options: [
            { value: 'panchina', label: 'Panchina', labelEn: 'Bench' },
            { value: 'fontanella', label: 'Fontanella', labelEn: 'Fountain' },
          ],
        },
        {
          code: 'note_posto',
          label: 'Dove esattamente?',
          labelEn: 'Where exactly?',
          type: 'TEXT',
          required: false,
        },
      ],
    });
    expect(first.errors).toBeUndefined();
    const answered = await submit('arredo_urbano', [
      {
        questionId: (
          await db.pool.query(`select id from category_question where code = 'oggetto'`)
        ).rows[0].id.toString(),
        value: 'panchina',
      },
    ]);
    expect(answered.errors).toBeUndefined();
    const second = await gql(admin, SET, {
      c: arredo,
      q: [{ code: 'note_posto', label: 'Dove?', labelEn: 'Where?', type: 'TEXT', required: true }],
    });
    expect(second.data!.setCategoryQuestions).toEqual([
      { code: 'note_posto', label: 'Dove?', type: 'TEXT', required: true, options: [] },
    ]);
    // The retired question keeps its answer; the public list no longer asks it.
    await loadQuestions();
    expect(questions.arredo_urbano.map((q) => q.code)).toEqual(['note_posto']);
    expect(
      (
        await db.pool.query(
          `select count(*)::int as n from ticket_answer a join category_question q on q.id = a.question_id where q.code = 'oggetto'`,
        )
      ).rows[0].n,
    ).toBe(1);
    const audit = await db.pool.query(
      `select count(*)::int as n from audit_log where action = 'category.questions'`,
    );
    expect(audit.rows[0].n).toBe(2);
  });

  const BAD_DEFS: [string, Record<string, unknown>, string][] = [
    [
      'a choice without options',
      { code: 'a', label: 'A', labelEn: 'A', type: 'SINGLE_CHOICE', required: false },
      'questions.options',
    ],
    [
      'options on a text',
      {
        code: 'a',
        label: 'A',
        labelEn: 'A',
        type: 'TEXT',
        required: false,
        options: [{ value: 'x', label: 'X', labelEn: 'X' }],
      },
      'questions.options',
    ],
    [
      'a bad code',
      { code: 'Numero Palo', label: 'A', labelEn: 'A', type: 'TEXT', required: false },
      'questions.code',
    ],
    [
      'an empty label',
      { code: 'a', label: ' ', labelEn: 'A', type: 'TEXT', required: false },
      'questions.labelIt',
    ],
  ];
  for (const [label, question, field] of BAD_DEFS)
    it(`refuses ${label} in setCategoryQuestions`, async () => {
      const before = await rowCounts(db);
      const r = await gql(
        admin,
        'mutation($c: ID!, $q: [CategoryQuestionInput!]!) { setCategoryQuestions(categoryId: $c, questions: $q) { id } }',
        { c: await categoryId(db, 'segnaletica'), q: [question] },
      );
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.field).toBe(field);
      expect(await rowCounts(db)).toEqual(before);
    });
});
