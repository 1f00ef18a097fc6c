// Rules of a citizen report and of "mi associo", checked before anything touches the database.
import { badInput } from './app-error.js';
import { parseRawAnswers, type ParsedAnswer, type RawAnswer } from './category-question.js';
import { validateEmail } from './email.js';
import { parseId } from './id.js';
import { validatePoint } from './point.js';

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 4000;
export const NAME_MAX = 120;
export const ADDRESS_MAX = 200;
export const MAX_ATTACHMENTS = 3;

export type Locale = 'it' | 'en';

export interface ReportDraft {
  categoryId: number;
  lon: number;
  lat: number;
  title: string;
  description: string;
  /** Null only for a report taken by staff from a citizen who gave no e-mail. */
  email: string | null;
  name: string | null;
  address: string | null;
  attachmentIds: string[];
  locale: Locale;
  idempotencyKey: string | null;
  /** Answers to the category's questions, shaped; checked against the questions by checkAnswers. */
  answers: ParsedAnswer[];
}

/** How a report reached the comune (ticket.channel); staff take every channel but web and api. */
export const REPORT_CHANNELS = [
  'web',
  'phone',
  'desk',
  'email',
  'pec',
  'in_person',
  'api',
] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];
export const STAFF_CHANNELS: readonly ReportChannel[] = [
  'phone',
  'desk',
  'email',
  'pec',
  'in_person',
];

export function validateStaffChannel(value: string): ReportChannel {
  if (!(STAFF_CHANNELS as readonly string[]).includes(value))
    throw badInput('channel', 'Canale non valido per una segnalazione raccolta dal personale.');
  return value as ReportChannel;
}

export const PHONE_MAX = 40;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateLocale(value: string | null | undefined): Locale {
  if (value === null || value === undefined || value === '') return 'it';
  if (value === 'it' || value === 'en') return value;
  throw badInput('locale', 'Lingua non supportata: usa "it" o "en".');
}

function text(value: string, field: string, max: number, label: string): string {
  const t = value.trim();
  if (t.length === 0) throw badInput(field, `${label} è obbligatorio.`);
  if (t.length > max) throw badInput(field, `${label} è troppo lungo (massimo ${max} caratteri).`);
  return t;
}

function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  const t = value?.trim() ?? '';
  if (t.length > max) throw badInput(field, `Testo troppo lungo (massimo ${max} caratteri).`);
  return t || null;
}

export function validateAttachmentIds(ids: readonly string[] | null | undefined): string[] {
  const list = [...new Set((ids ?? []).map((id) => id.trim().toLowerCase()))];
  if (list.length !== (ids ?? []).length)
    throw badInput('attachmentIds', 'La stessa foto è indicata due volte.');
  if (list.length > MAX_ATTACHMENTS)
    throw badInput('attachmentIds', `Al massimo ${MAX_ATTACHMENTS} foto per segnalazione.`);
  if (!list.every((id) => UUID.test(id)))
    throw badInput('attachmentIds', 'Identificativo di foto non valido.');
  return list;
}

export interface RawReport {
  categoryId: string;
  location: { lon: number; lat: number };
  title: string;
  description: string;
  email: string;
  name?: string | null;
  address?: string | null;
  attachmentIds?: string[] | null;
  privacyConsent: boolean;
  locale?: string | null;
  idempotencyKey?: string | null;
  answers?: readonly RawAnswer[] | null;
}

/** Checks every field of a report; throws BAD_USER_INPUT naming the first bad field. */
export function validateReport(raw: RawReport): ReportDraft {
  return validateDraft(raw, () => validateEmail(raw.email));
}

/** A report taken by staff: the citizen's own rules, but the e-mail (and so the consent) is optional. */
export interface RawStaffReport extends Omit<RawReport, 'email' | 'privacyConsent'> {
  email?: string | null;
  phone?: string | null;
  privacyConsent?: boolean | null;
  channel: string;
}

export interface StaffReportDraft extends ReportDraft {
  channel: ReportChannel;
  phone: string | null;
}

export function validateStaffReport(raw: RawStaffReport): StaffReportDraft {
  const channel = validateStaffChannel(raw.channel);
  return { ...optionalContactDraft(raw, raw.privacyConsent === true), channel };
}

/**
 * A report filed by an integrator's app with an API token (Open311 POST requests): the e-mail, name and
 * phone are optional, and the app that collected them answers for the citizen's consent (docs/open311.md).
 */
export function validateApiReport(raw: Omit<RawStaffReport, 'channel'>): StaffReportDraft {
  return { ...optionalContactDraft(raw, true), channel: 'api' };
}

function optionalContactDraft(
  raw: Omit<RawStaffReport, 'channel'>,
  consent: boolean,
): Omit<StaffReportDraft, 'channel'> {
  const email = raw.email?.trim() ? validateEmail(raw.email) : null;
  const phone = optionalText(raw.phone, 'phone', PHONE_MAX);
  // Personal data needs the citizen's consent (the operator asks and ticks it); a report with none needs none.
  const personal = email !== null || phone !== null || Boolean(raw.name?.trim());
  const draft = validateDraft(
    { ...raw, email: email ?? '', privacyConsent: personal ? consent : true },
    () => email,
  );
  return { ...draft, phone };
}

function validateDraft(raw: RawReport, email: () => string | null): ReportDraft {
  const { lon, lat } = validatePoint(raw.location);
  if (raw.privacyConsent !== true)
    throw badInput(
      'privacyConsent',
      'Serve il consenso al trattamento dei dati per inviare la segnalazione.',
    );
  const key = raw.idempotencyKey?.trim() || null;
  if (key && key.length > 100)
    throw badInput('idempotencyKey', 'Chiave di idempotenza troppo lunga (massimo 100 caratteri).');
  return {
    categoryId: parseId(raw.categoryId, 'categoryId', 'int4'),
    lon,
    lat,
    title: text(raw.title, 'title', TITLE_MAX, 'Il titolo'),
    description: text(raw.description, 'description', DESCRIPTION_MAX, 'La descrizione'),
    email: email(),
    name: optionalText(raw.name, 'name', NAME_MAX),
    address: optionalText(raw.address, 'address', ADDRESS_MAX),
    attachmentIds: validateAttachmentIds(raw.attachmentIds),
    locale: validateLocale(raw.locale),
    idempotencyKey: key,
    answers: parseRawAnswers(raw.answers),
  };
}
