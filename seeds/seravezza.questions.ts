// The questions Seravezza's form asks for a few categories (issue 14): what the office needs to find
// and size the problem. Admins change them with setCategoryQuestions; the seed only adds missing ones.
import type { Queryable } from '../server/db/pool.js';
import type { QuestionOption, QuestionType } from '../server/domain/category-question.js';

export interface QuestionSeed {
  category: string;
  code: string;
  labelIt: string;
  labelEn: string;
  type: QuestionType;
  required: boolean;
  options?: QuestionOption[];
}

export const SERAVEZZA_QUESTIONS: readonly QuestionSeed[] = [
  {
    category: 'illuminazione_pubblica',
    code: 'numero_palo',
    labelIt: 'Numero del palo',
    labelEn: 'Pole number',
    type: 'text',
    required: false,
  },
  {
    category: 'illuminazione_pubblica',
    code: 'guasto',
    labelIt: 'Che cosa succede alla luce?',
    labelEn: 'What is wrong with the light?',
    type: 'single_choice',
    required: false,
    options: [
      { value: 'spenta', labelIt: 'È spenta', labelEn: 'It is off' },
      { value: 'intermittente', labelIt: 'Si accende e si spegne', labelEn: 'It flickers' },
      { value: 'accesa_di_giorno', labelIt: 'Resta accesa di giorno', labelEn: 'On by day' },
      {
        value: 'danneggiata',
        labelIt: 'Palo o lampada danneggiati',
        labelEn: 'Pole or lamp damaged',
      },
    ],
  },
  {
    category: 'buca_stradale',
    code: 'posizione',
    labelIt: 'Carreggiata o marciapiede?',
    labelEn: 'Roadway or pavement?',
    type: 'single_choice',
    required: false,
    options: [
      { value: 'carreggiata', labelIt: 'Carreggiata', labelEn: 'Roadway' },
      { value: 'marciapiede', labelIt: 'Marciapiede', labelEn: 'Pavement' },
    ],
  },
  {
    category: 'buca_stradale',
    code: 'profondita_cm',
    labelIt: 'Profondità approssimativa (cm)',
    labelEn: 'Approximate depth (cm)',
    type: 'number',
    required: false,
  },
  {
    category: 'rifiuti_abbandonati',
    code: 'tipo_rifiuti',
    labelIt: 'Che rifiuti sono?',
    labelEn: 'What kind of waste?',
    type: 'multiple_choice',
    required: true,
    options: [
      {
        value: 'ingombranti',
        labelIt: 'Ingombranti (mobili, materassi)',
        labelEn: 'Bulky (furniture, mattresses)',
      },
      {
        value: 'elettronici',
        labelIt: 'Elettrodomestici, elettronica',
        labelEn: 'Appliances, electronics',
      },
      { value: 'sacchi', labelIt: 'Sacchi di immondizia', labelEn: 'Rubbish bags' },
      { value: 'edili', labelIt: 'Macerie, materiale edile', labelEn: 'Rubble, building material' },
    ],
  },
  {
    category: 'rifiuti_abbandonati',
    code: 'pericolosi',
    labelIt: 'Ci sono rifiuti pericolosi (amianto, vernici, batterie)?',
    labelEn: 'Is there hazardous waste (asbestos, paint, batteries)?',
    type: 'yes_no',
    required: false,
  },
];

/** Adds the questions a category does not have yet (by code); existing ones are left as admins set them. */
export async function insertQuestions(
  tx: Queryable,
  municipalityId: number,
  questions: readonly QuestionSeed[],
): Promise<void> {
  // A database migrated only part of the way (the upgrade tests seed one at 032) has no questions yet.
  const { rows } = await tx.query<{ present: boolean }>(
    `select to_regclass('category_question') is not null as present`,
  );
  if (!rows[0]?.present) return;
  for (const [i, q] of questions.entries())
    await tx.query(
      `insert into category_question (municipality_id, category_id, code, label_it, label_en, type, required, options, sort_order)
       select $1, c.id, $3, $4, $5, $6, $7, $8::jsonb, $9 from category c where c.municipality_id = $1 and c.code = $2
       on conflict (municipality_id, category_id, code) do nothing`,
      [
        municipalityId,
        q.category,
        q.code,
        q.labelIt,
        q.labelEn,
        q.type,
        q.required,
        JSON.stringify(
          (q.options ?? []).map((o) => ({
            value: o.value,
            label_it: o.labelIt,
            label_en: o.labelEn,
          })),
        ),
        i,
      ],
    );
}
