// Seravezza's offices and report categories: who handles what, how fast, and how close two reports
// must be to be offered as the same problem, and what the form asks for a few categories (issue 14).
// They come from the default template every new comune starts from
// (seeds/templates/comune.default.json); addresses use the reserved .demo domain.
import type { QuestionSeed } from './catalog-insert.js';
import { fillTemplate, readTemplate } from './comune-template.js';

export interface OfficeSeed {
  code: string;
  name: string;
  email: string;
}

export interface CategorySeed {
  code: string;
  office: string;
  nameIt: string;
  nameEn: string;
  descriptionIt: string;
  descriptionEn: string;
  slaHours: number;
  duplicateRadiusM: number;
  /** Euro to fix one report (intervention estimates); absent: the default. */
  unitCostEur?: number;
}

export const SERAVEZZA = {
  id: 1,
  name: 'Seravezza',
  istatCode: '046028',
  codePrefix: 'SRV',
  // WGS 84 / UTM zone 32N: metric, and Tuscany lies in zone 32.
  localSrid: 32632,
} as const;

const TEMPLATE = readTemplate();

export const OFFICES: readonly OfficeSeed[] = TEMPLATE.offices.map((o) => ({
  code: o.code,
  name: o.name,
  email: fillTemplate(o.emailPattern, { slug: 'seravezza', istat: SERAVEZZA.istatCode }),
}));

export const CATEGORIES: readonly CategorySeed[] = TEMPLATE.categories;

/** Admins change them with setCategoryQuestions; the seed only adds missing ones. */
export const QUESTIONS: readonly QuestionSeed[] = TEMPLATE.questions;
