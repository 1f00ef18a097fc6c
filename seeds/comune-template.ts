// The template a new comune starts from (npm run comune:add): offices, categories, the questions the
// categories ask and settings, kept by the operator of the deployment as JSON
// (seeds/templates/comune.default.json, or --template FILE). Seravezza's catalog and questions are read
// from the same default template, so there is one source.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../server/domain/app-error.js';
import { QUESTION_TYPES, validateQuestions } from '../server/domain/category-question.js';
import { projectPath } from '../server/project-root.js';
import {
  ComuneSettingsSchema,
  PrivacyNoticeSchema,
  SlaTargetsSchema,
} from '../server/services/comune-settings.js';

export const DEFAULT_TEMPLATE_FILE = projectPath('seeds', 'templates', 'comune.default.json');

const code = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'codes are lower_snake_case');
const text = z.string().trim().min(1);

const TemplateSchema = z.object({
  $comment: z.string().optional(),
  offices: z
    .array(
      z.object({
        code,
        name: text,
        /** {slug}, {istat}, {name} are filled in: "ambiente@{slug}.demo". */
        emailPattern: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'an e-mail address pattern'),
      }),
    )
    .min(1),
  categories: z
    .array(
      z.object({
        code,
        office: code,
        nameIt: text,
        nameEn: text,
        descriptionIt: z.string(),
        descriptionEn: z.string(),
        slaHours: z.number().int().min(1).max(8760),
        duplicateRadiusM: z.number().gt(0).max(1000),
        /** Euro to fix one report (intervention estimates); absent: the default. */
        unitCostEur: z.number().min(0).max(1_000_000).optional(),
      }),
    )
    .min(1),
  // What the report form asks for a category (sql/053; Open311 attributes). Optional: a template
  // without it gives categories with no questions. Each category's list gets the admins' checks.
  questions: z
    .array(
      z.object({
        category: code,
        code: z.string(),
        labelIt: z.string(),
        labelEn: z.string(),
        type: z.enum(QUESTION_TYPES),
        required: z.boolean(),
        options: z
          .array(z.object({ value: z.string(), labelIt: z.string(), labelEn: z.string() }))
          .optional(),
      }),
    )
    .default([]),
  // The settings schema is the server's (comune-settings.ts), so the template and every update agree.
  settings: z.object({
    /** Sender of the comune's mails; {mailAddress} is the address part of MAIL_FROM. */
    mailFrom: z.string().min(3),
    coatOfArms: ComuneSettingsSchema.shape.coatOfArms.unwrap(),
    privacyNotice: PrivacyNoticeSchema,
    slaTargets: SlaTargetsSchema,
  }),
});

export type ComuneTemplate = z.infer<typeof TemplateSchema>;

/** Reads and checks a template; a wrong one fails with the file and the first bad field named. */
export function readTemplate(file = DEFAULT_TEMPLATE_FILE): ComuneTemplate {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Template ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const parsed = TemplateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Template ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const t = parsed.data;
  const offices = new Set(t.offices.map((o) => o.code));
  const unknown = t.categories.find((c) => !offices.has(c.office));
  if (unknown)
    throw new Error(
      `Template ${file}: category ${unknown.code} names office ${unknown.office}, which is not in offices.`,
    );
  checkQuestions(file, t);
  return t;
}

/** Every question names a category of the template and passes setCategoryQuestions' own checks. */
function checkQuestions(file: string, t: ComuneTemplate): void {
  const categories = new Set(t.categories.map((c) => c.code));
  const stray = t.questions.find((q) => !categories.has(q.category));
  if (stray)
    throw new Error(
      `Template ${file}: question ${stray.code} names category ${stray.category}, which is not in categories.`,
    );
  for (const category of categories)
    try {
      validateQuestions(t.questions.filter((q) => q.category === category));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new Error(`Template ${file}: questions of ${category}: ${error.message}`, {
        cause: error,
      });
    }
}

/** Fills {name}, {slug}, {istat}, {mailAddress} in a template text. */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
