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
export const HOUSE_NUMBER_MAX = 12;
/** A civic number as Italian addresses write it: 12, 12A, 12/B, 12 bis, 4-6. */
const HOUSE_NUMBER = /^[0-9]{1,5}(?:\s?[a-z]{1,4}|\s?\/\s?[0-9a-z]{1,4}|-[0-9]{1,5})?$/i;
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
  /** The civic number next to the nearest street (addressAt), as the citizen wrote it. */
  houseNumber: string | null;
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

/**
 * How the messages name a field, with the article and the adjective endings its gender takes, so that
 * no message reads "La descrizione è troppo lungo". Messages name the field and say what to do.
 */
export const FIELD_NAMES = {
  title: { name: 'Il titolo', feminine: false },
  description: { name: 'La descrizione', feminine: true },
  name: { name: 'Il nome', feminine: false },
  address: { name: 'L’indirizzo', feminine: false },
  phone: { name: 'Il telefono', feminine: false },
} as const;
export type TextField = keyof typeof FIELD_NAMES;

/** "Il titolo è obbligatorio: scrivilo." / "La descrizione è troppo lunga: …" */
export function requiredMessage(field: TextField): string {
  const f = FIELD_NAMES[field];
  return `${f.name} è ${f.feminine ? 'obbligatoria: scrivila' : 'obbligatorio: scrivilo'} per inviare la segnalazione.`;
}

export function tooLongMessage(field: TextField, max: number, length: number): string {
  const f = FIELD_NAMES[field];
  return `${f.name} è troppo ${f.feminine ? 'lunga' : 'lungo'}: al massimo ${max} caratteri, ne hai scritti ${length}. ${f.feminine ? 'Accorciala' : 'Accorcialo'} e invia di nuovo.`;
}

function text(value: string, field: TextField, max: number): string {
  const t = value.trim();
  if (t.length === 0) throw badInput(field, requiredMessage(field));
  if (t.length > max) throw badInput(field, tooLongMessage(field, max, t.length));
  return t;
}

function optionalText(
  value: string | null | undefined,
  field: TextField,
  max: number,
): string | null {
  const t = value?.trim() ?? '';
  if (t.length > max) throw badInput(field, tooLongMessage(field, max, t.length));
  return t || null;
}

/** Empty: none. Otherwise digits with an optional letter, "/B", "bis" or a range; else BAD_USER_INPUT. */
export function validateHouseNumber(value: string | null | undefined): string | null {
  const t = value?.trim().replace(/\s+/g, ' ') ?? '';
  if (!t) return null;
  if (t.length > HOUSE_NUMBER_MAX || !HOUSE_NUMBER.test(t))
    throw badInput(
      'houseNumber',
      'Il numero civico non è valido: scrivi solo il numero, con l’eventuale lettera o barra (per esempio 12, 12A o 12/B), oppure lascia vuoto il campo.',
    );
  return t;
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
  houseNumber?: string | null;
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
      'Per inviare la segnalazione serve il consenso al trattamento dei dati: spunta la casella «Acconsento» sotto l’informativa.',
    );
  const key = raw.idempotencyKey?.trim() || null;
  if (key && key.length > 100)
    throw badInput('idempotencyKey', 'Chiave di idempotenza troppo lunga (massimo 100 caratteri).');
  return {
    categoryId: parseId(raw.categoryId, 'categoryId', 'int4'),
    lon,
    lat,
    title: text(raw.title, 'title', TITLE_MAX),
    description: text(raw.description, 'description', DESCRIPTION_MAX),
    email: email(),
    name: optionalText(raw.name, 'name', NAME_MAX),
    address: optionalText(raw.address, 'address', ADDRESS_MAX),
    houseNumber: validateHouseNumber(raw.houseNumber),
    attachmentIds: validateAttachmentIds(raw.attachmentIds),
    locale: validateLocale(raw.locale),
    idempotencyKey: key,
    answers: parseRawAnswers(raw.answers),
  };
}
