// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): how Segnala's categories, questions and
// tickets read in the standard's terms, and the checks of its parameters. No HTTP, no SQL here.
import type { AppError, ErrorCode } from './app-error.js';
import type { Question } from './category-question.js';
import { offsetMinutes } from './local-time.js';
import { OPEN_STATUSES, type TicketStatus } from './ticket-status.js';

/** An Open311 error: the HTTP status and the spec's `{ code, description }` (code = the status). */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429 | 500 | 503,
    readonly description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

export const badParameter = (description: string) => new Open311Error(400, description);

/** The HTTP status of a service's coded error, as Open311 answers it. */
export function open311Status(code: ErrorCode): Open311Error['status'] {
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'OUTSIDE_MUNICIPALITY':
    case 'OTHER_MUNICIPALITY':
    case 'INVALID_CURSOR':
    case 'INVALID_TRANSITION':
    case 'TICKET_CLOSED':
    case 'CONFLICT':
    case 'FEEDBACK_CLOSED':
    case 'ALREADY_ANSWERED':
      return 400;
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'MUNICIPALITY_DISABLED':
    case 'INVALID_TOKEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVER_BUSY':
    case 'SERVICE_UNAVAILABLE':
      return 503;
    default: {
      const never: never = code;
      throw new Error(`Unmapped error code ${String(never)}`);
    }
  }
}

/** An AppError as an Open311 error; a question's error names its attribute code. */
export function fromAppError(error: AppError): Open311Error {
  const question = error.details.question;
  const field = error.details.field;
  const prefix =
    typeof question === 'string'
      ? `attribute[${question}]: `
      : typeof field === 'string'
        ? `${OPEN311_FIELD[field] ?? field}: `
        : '';
  return new Open311Error(open311Status(error.code as ErrorCode), `${prefix}${error.message}`);
}

/** Segnala's input field names as Open311 calls them, for error descriptions. */
const OPEN311_FIELD: Record<string, string> = {
  categoryId: 'service_code',
  location: 'lat/long',
  description: 'description',
  email: 'email',
  name: 'first_name/last_name',
  phone: 'phone',
  address: 'address_string',
  attachmentIds: 'media_url',
  answers: 'attribute',
  idempotencyKey: 'idempotency_key',
};

// The phases: received, acknowledged (presa in carico) and in_progress (in lavorazione) are open;
// resolved (conclusa), rejected (respinta) and duplicate (duplicata) are closed.
export type Open311Status = 'open' | 'closed';

export function open311StatusOf(status: TicketStatus): Open311Status {
  return OPEN_STATUSES.includes(status) ? 'open' : 'closed';
}

export const OPEN311_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type Open311Datatype = (typeof OPEN311_DATATYPES)[number];

export interface Open311Attribute {
  variable: true;
  code: string;
  datatype: Open311Datatype;
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

export type Locale = 'it' | 'en';

/**
 * A category question as an Open311 attribute (yes/no is a single-value list of true and false). The
 * fields are built in the specification's order (variable, code, datatype, required,
 * datatype_description, order, description, values): the XML answer writes them in this order.
 */
export function toAttribute(q: Question, order: number, locale: Locale): Open311Attribute {
  const it = locale === 'it';
  const { datatype, datatype_description, values } = datatypeOf(q, it);
  return {
    variable: true,
    code: q.code,
    datatype,
    required: q.required,
    datatype_description,
    order,
    description: it ? q.labelIt : q.labelEn,
    values,
  };
}

function datatypeOf(
  q: Question,
  it: boolean,
): Pick<Open311Attribute, 'datatype' | 'datatype_description' | 'values'> {
  switch (q.type) {
    case 'text':
      return {
        datatype: 'string',
        datatype_description: it ? 'Testo, fino a 500 caratteri.' : 'Text, up to 500 characters.',
        values: [],
      };
    case 'number':
      return {
        datatype: 'number',
        datatype_description: it ? 'Un numero, es. 12 o 3.5.' : 'A number, e.g. 12 or 3.5.',
        values: [],
      };
    case 'yes_no':
      return {
        datatype: 'singlevaluelist',
        datatype_description: it ? 'Sì (true) o no (false).' : 'Yes (true) or no (false).',
        values: [
          { key: 'true', name: it ? 'Sì' : 'Yes' },
          { key: 'false', name: 'No' },
        ],
      };
    case 'single_choice':
    case 'multiple_choice':
      return {
        datatype: q.type === 'single_choice' ? 'singlevaluelist' : 'multivaluelist',
        datatype_description:
          q.type === 'single_choice'
            ? it
              ? 'Una delle chiavi elencate.'
              : 'One of the keys listed.'
            : it
              ? 'Una o più delle chiavi elencate (attribute[code][]).'
              : 'One or more of the keys listed (attribute[code][]).',
        values: q.options.map((o) => ({ key: o.value, name: it ? o.labelIt : o.labelEn })),
      };
    default: {
      const never: never = q.type;
      throw new Error(`Unknown question type ${String(never)}`);
    }
  }
}

/** GET requests: at most this many a page (and by default), as the spec's default window. */
export const OPEN311_MAX_PAGE_SIZE = 1000;
/** Without start_date and end_date, requests of the last this many days. */
export const OPEN311_DEFAULT_DAYS = 90;
/** At most this many service_request_id values in one GET. */
export const OPEN311_MAX_IDS = 1000;

/** RFC 3339 / ISO 8601 with a date, a time and a zone (Z or ±hh:mm), as the spec asks of start_date & co. */
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

export function parseDateParam(value: string | undefined, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const d = RFC3339.test(value) ? new Date(value.replace(' ', 'T')) : new Date(NaN);
  if (Number.isNaN(d.getTime()))
    throw badParameter(`${name} is not an RFC 3339 date-time (e.g. 2026-03-01T00:00:00+01:00).`);
  return d;
}

function parsePositive(value: string | undefined, name: string, max: number, fallback: number) {
  if (value === undefined || value === '') return fallback;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw badParameter(`${name} must be a positive integer.`);
  const n = Number(value);
  if (n > max) throw badParameter(`${name} must be at most ${max}.`);
  return n;
}

export interface RequestsQuery {
  codes?: string[];
  serviceCodes?: string[];
  status?: Open311Status;
  startDate?: Date;
  endDate?: Date;
  updatedAfter?: Date;
  page: number;
  pageSize: number;
}

/** The parameters of GET requests (spec + the documented extensions updated_after, page, page_size). */
export function parseRequestsQuery(
  q: Record<string, string | undefined>,
  now: Date,
): RequestsQuery {
  const list = (v: string | undefined) =>
    v
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const codes = list(q.service_request_id);
  if (codes && codes.length > OPEN311_MAX_IDS)
    throw badParameter(`service_request_id: at most ${OPEN311_MAX_IDS} ids.`);
  const status = q.status?.trim().toLowerCase();
  if (status && status !== 'open' && status !== 'closed')
    throw badParameter('status must be open or closed.');
  const startDate = parseDateParam(q.start_date, 'start_date');
  const endDate = parseDateParam(q.end_date, 'end_date');
  if (startDate && endDate && startDate > endDate)
    throw badParameter('start_date must not be after end_date.');
  const updatedAfter = parseDateParam(q.updated_after, 'updated_after');
  const page = parsePositive(q.page, 'page', 1_000_000, 1);
  const pageSize = parsePositive(
    q.page_size,
    'page_size',
    OPEN311_MAX_PAGE_SIZE,
    OPEN311_MAX_PAGE_SIZE,
  );
  const defaultWindow = !startDate && !endDate && !updatedAfter;
  return {
    codes,
    serviceCodes: list(q.service_code),
    status: status as Open311Status | undefined,
    startDate: defaultWindow
      ? new Date(now.getTime() - OPEN311_DEFAULT_DAYS * 86_400_000)
      : startDate,
    endDate,
    updatedAfter,
    page,
    pageSize,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 3339 with the comune's offset, to the second: 2026-03-01T10:15:00+01:00. */
export function rfc3339(date: Date, timeZone = 'Europe/Rome'): string {
  const off = offsetMinutes(date, timeZone);
  const local = new Date(date.getTime() + off * 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** A title for a report that came without one (Open311 has none): the description's first line, cut. */
export function titleFrom(description: string, fallback: string, max: number): string {
  const line = description.trim().split(/\r?\n/)[0]?.trim() ?? '';
  if (!line) return fallback.slice(0, max);
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** "Via Roma 12", "via roma, 12/a" → the street part, for matching address_string to a street. */
export function streetPart(address: string): string {
  return address
    .trim()
    .replace(/[\s,]+(?:n\.?\s*|civico\s+)?\d+[a-z]?(?:\/\w+)?$/i, '')
    .trim();
}
