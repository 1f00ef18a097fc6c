// Open311 GeoReport v2 for one comune: its categories as services, their questions as attributes, its
// tickets as requests (public fields only), and POST requests filed through ReportService.submitApi, the
// same path as the form's (validation, routing, rate limits, idempotency, mails).
import type pg from 'pg';
import { listCategories, type CategoryRow } from '../db/category.queries.js';
import {
  findCategoryIdsByCodes,
  findStreetPoint,
  listOpen311Requests,
  type Open311RequestRow,
} from '../db/open311.queries.js';
import { searchStreets } from '../db/street.queries.js';
import type { RawAnswer } from '../domain/category-question.js';
import { maskNullable, maskPersonalData } from '../domain/personal-data-mask.js';
import {
  badParameter,
  Open311Error,
  open311StatusOf,
  rfc3339,
  streetPart,
  titleFrom,
  toAttribute,
  type Locale,
  type Open311Attribute,
  type RequestsQuery,
} from '../domain/open311.js';
import { TITLE_MAX } from '../domain/report.js';
import type { Viewer } from '../domain/viewer.js';
import type { CategoryQuestionService } from './category-question.service.js';
import type { PublicTicketService } from './public-ticket.service.js';
import type { ReportService } from './report.service.js';

export interface Open311ServiceItem {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number;
  long: number;
  media_url: string | null;
}

/** The parameters of POST requests, as strings (form fields or JSON), attribute[code] gathered. */
export interface Open311Post {
  service_code?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
  locale?: string;
  idempotency_key?: string;
  attributes: Map<string, string[]>;
}

/** Where a comune's links start (its baseUrl) and in which language names are given. */
export interface Open311View {
  baseUrl: string;
  locale: Locale;
}

/** A media_url that names a photo already sent to this server's POST /attachments. */
const OWN_ATTACHMENT =
  /\/attachments\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * Why the photo of a media_url held elsewhere is not in the report, and how to attach one. The spec's
 * client may not know the locale extension: by default Italian first, then English; `locale=en` English.
 */
function mediaNotice(baseUrl: string, it: boolean): string {
  const en = `The photo at media_url was not taken: this server does not fetch links to other sites. To attach a photo, send it first to POST ${baseUrl}/attachments and give ${baseUrl}/attachments/{id} as media_url, with the id it answers.`;
  if (!it) return en;
  return `La foto indicata in media_url non è stata presa: questo server non scarica link ad altri siti. Per allegare una foto, inviala prima a POST ${baseUrl}/attachments e indica come media_url ${baseUrl}/attachments/{id}, con l’id della risposta. / ${en}`;
}

/** An address_string is matched to the street whose name it contains, or nearly (trigram rank). */
const STREET_MATCH_RANK = 0.6;

export class Open311Service {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipalityId: number,
    private readonly questions: CategoryQuestionService,
    private readonly reports: ReportService,
    private readonly publicTickets: PublicTicketService,
  ) {}

  async services(view: Open311View): Promise<Open311ServiceItem[]> {
    const [categories, questions] = await Promise.all([
      listCategories(this.pool, this.municipalityId, false),
      this.questions.all(),
    ]);
    const asked = new Set(questions.map((q) => q.categoryId));
    return categories.map((c) => this.service(c, asked.has(c.id), view.locale));
  }

  private service(c: CategoryRow, metadata: boolean, locale: Locale): Open311ServiceItem {
    return {
      service_code: c.code,
      service_name: locale === 'it' ? c.name_it : c.name_en,
      description: locale === 'it' ? c.description_it : c.description_en,
      metadata,
      type: 'realtime',
      keywords: '',
      group: '',
    };
  }

  async definition(
    code: string,
    view: Open311View,
  ): Promise<{ service_code: string; attributes: Open311Attribute[] }> {
    const category = await this.category(code, 404);
    const questions = await this.questions.forCategories([category.id]);
    return {
      service_code: category.code,
      attributes: questions.map((q, i) => toAttribute(q, i + 1, view.locale)),
    };
  }

  /** The active category of a service code; unknown: 404 for a resource, 400 for a parameter. */
  private async category(code: string, status: 400 | 404): Promise<CategoryRow> {
    const categories = await listCategories(this.pool, this.municipalityId, false);
    const found = categories.find((c) => c.code === code);
    if (!found) throw new Open311Error(status, `service_code ${code.slice(0, 60)} not found.`);
    return found;
  }

  async requests(q: RequestsQuery, view: Open311View): Promise<Open311Request[]> {
    let categoryIds: number[] | undefined;
    if (q.serviceCodes?.length && !q.codes) {
      const found = await findCategoryIdsByCodes(this.pool, this.municipalityId, q.serviceCodes);
      const unknown = q.serviceCodes.find((c) => !found.some((f) => f.code === c));
      if (unknown !== undefined)
        throw badParameter(`service_code ${unknown.slice(0, 60)} not found.`);
      categoryIds = found.map((f) => f.id);
    }
    const rows = await listOpen311Requests(this.pool, this.municipalityId, q, categoryIds);
    return rows.map((r) => toRequest(r, view));
  }

  async request(code: string, view: Open311View): Promise<Open311Request> {
    const [found] = await this.requests(
      { codes: [code.trim().toUpperCase()], page: 1, pageSize: 1 },
      view,
    );
    if (!found) throw new Open311Error(404, `service_request_id ${code.slice(0, 40)} not found.`);
    return found;
  }

  /** Files a report; answers the tracking code and a notice naming open reports of the same kind nearby. */
  async create(
    viewer: Viewer | null,
    post: Open311Post,
    clientAddress: string,
    view: Open311View,
  ): Promise<{ service_request_id: string; service_notice: string; account_id: null }> {
    if (!post.service_code) throw badParameter('service_code is required.');
    const category = await this.category(post.service_code, 400);
    const point = await this.location(post);
    const questions = await this.questions.forCategories([category.id]);
    const answers: RawAnswer[] = [];
    for (const [code, values] of post.attributes) {
      const question = questions.find((q) => q.code === code);
      if (!question)
        throw badParameter(
          `attribute[${code.slice(0, 40)}] is not an attribute of ${category.code}.`,
        );
      answers.push({ questionId: String(question.id), values });
    }
    // The spec has no upload step, so a client written from it sends a link to a photo held elsewhere.
    // That link is never fetched (no request from here to an address a client chose): the report is
    // filed without it and the notice says how to attach a photo. A photo sent first to this server's
    // POST /attachments is linked by its URL.
    const media = post.media_url?.trim();
    const photo = media ? OWN_ATTACHMENT.exec(media)?.[1] : undefined;
    const mediaNotTaken = Boolean(media) && !photo;
    const fallback = view.locale === 'it' ? category.name_it : category.name_en;
    const description = post.description?.trim() || fallback;
    const name = [post.first_name, post.last_name]
      .map((s) => s?.trim())
      .filter(Boolean)
      .join(' ');
    const code = await this.reports.submitApi(
      viewer,
      {
        categoryId: String(category.id),
        location: { lon: point.lon, lat: point.lat },
        title: titleFrom(description, fallback, TITLE_MAX),
        description,
        email: post.email,
        name: name || null,
        phone: post.phone,
        address: post.address_string?.trim() || null,
        attachmentIds: photo ? [photo.toLowerCase()] : [],
        locale: post.locale ?? null,
        idempotencyKey: post.idempotency_key ?? null,
        answers,
      },
      clientAddress,
      questions,
    );
    return {
      service_request_id: code,
      service_notice: await this.notice(code, point, category.id, view, mediaNotTaken),
      account_id: null,
    };
  }

  private async location(post: Open311Post): Promise<{ lon: number; lat: number }> {
    const lat = post.lat?.trim();
    const lon = post.long?.trim();
    if (lat || lon) {
      const y = Number(lat);
      const x = Number(lon);
      if (!lat || !lon || !Number.isFinite(x) || !Number.isFinite(y))
        throw badParameter('lat and long must both be decimal degrees (WGS84).');
      return { lon: x, lat: y };
    }
    const address = post.address_string?.trim();
    if (!address) throw badParameter('A location is required: lat and long, or address_string.');
    const [street] = await searchStreets(
      this.pool,
      this.municipalityId,
      streetPart(address).slice(0, 200),
      0,
      1,
    );
    const point =
      street && street.rank >= STREET_MATCH_RANK
        ? await findStreetPoint(this.pool, this.municipalityId, street.id)
        : undefined;
    if (!point)
      throw badParameter(
        `address_string "${address.slice(0, 80)}" matches no street of the comune.`,
      );
    return point;
  }

  private async notice(
    code: string,
    point: { lon: number; lat: number },
    categoryId: number,
    view: Open311View,
    mediaNotTaken: boolean,
  ): Promise<string> {
    const it = view.locale === 'it';
    const near = (await this.publicTickets.nearby(point.lon, point.lat, categoryId, null))
      .filter((t) => t.code !== code)
      .map((t) => t.code);
    const track = `${view.baseUrl}/segnalazioni/${code}`;
    const received = it
      ? `Segnalazione ricevuta con codice ${code}: ${track}`
      : `Report received with code ${code}: ${track}`;
    const nearby = !near.length
      ? received
      : it
        ? `${received}. Segnalazioni aperte dello stesso tipo qui vicino: ${near.slice(0, 3).join(', ')}.`
        : `${received}. Open reports of the same kind nearby: ${near.slice(0, 3).join(', ')}.`;
    if (!mediaNotTaken) return nearby;
    const sep = nearby.endsWith('.') ? ' ' : '. ';
    return `${nearby}${sep}${mediaNotice(view.baseUrl, it)}`;
  }
}

function toRequest(r: Open311RequestRow, view: Open311View): Open311Request {
  return {
    service_request_id: r.code,
    status: open311StatusOf(r.status),
    status_notes: maskNullable(r.note),
    service_name: view.locale === 'it' ? r.category_name_it : r.category_name_en,
    service_code: r.category_code,
    description: maskPersonalData(r.description),
    agency_responsible: r.office_name,
    service_notice: null,
    requested_datetime: rfc3339(r.created_at),
    updated_datetime: rfc3339(r.updated_at),
    expected_datetime: rfc3339(r.due_at),
    address: r.address ?? r.street_name,
    address_id: r.street_id === null ? null : String(r.street_id),
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: r.photo_id ? `${view.baseUrl}/attachments/${r.photo_id}` : null,
  };
}
