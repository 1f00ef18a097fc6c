// Turns a ticket change into outbox rows, in the caller's transaction: the mail is committed with the
// change it reports or not at all. The sender (outbox-sender.ts) delivers and retries later.
import type { Config } from '../config.js';
import { findOffice } from '../db/office.queries.js';
import {
  findReporterRecipient,
  findTicketFollowers,
  findTicketMailInfo,
  insertOutbox,
  type OutboxMessage,
  type TicketMailRow,
} from '../db/outbox.queries.js';
import { maskPersonalData } from '../domain/personal-data-mask.js';
import type { Queryable } from '../db/pool.js';
import {
  placeText,
  renderCitizenMail,
  type CitizenMailData,
  type CitizenMailKind,
  type CitizenRole,
  type Locale,
} from './citizen-mail.template.js';
import { renderOfficeMail, type OfficeMailKind } from './office-mail.template.js';
import { comuneSettings } from '../services/comune-settings.js';
import { renderContractorMail } from './contractor-mail.template.js';
import { feedbackTag, unsubscribeTag, unsubscribeUrl } from './unsubscribe-token.js';
import { CONFIRMATION_TTL_HOURS } from '../domain/email-confirmation.js';
import { FEEDBACK_DAYS } from '../domain/resolution-feedback.js';
import { confirmationUrl } from '../services/email-confirmation.js';
import { renderConfirmationMail, type ConfirmationMailKind } from './confirmation-mail.template.js';

/** Every citizen mail but the supporter's own confirmation ('joined') and the reporter's own moderation notice can go to all followers. */
export type FollowerNoticeKind = Exclude<
  CitizenMailKind,
  'joined' | 'moderated' | 'reopen_declined'
>;

export interface FollowerNotice {
  kind: FollowerNoticeKind;
  publicNote?: string | null;
  originalCode?: string;
  officeName?: string;
  rejectReason?: string | null;
}

/** The base of the ticket's comune's links: PUBLIC_URL, or its /c/{istat} or host (docs/many-comuni.md). */
export function baseOf(config: Config, ticket: TicketMailRow): string {
  return comuneSettings(config, { ...ticket, name: ticket.municipality_name }).baseUrl;
}

/** The report's public page; an English reader's link opens it in English (?lang=en). */
export function trackingUrl(
  config: Config,
  code: string,
  base = config.publicUrl,
  locale: Locale = 'it',
): string {
  return `${base}/segnalazioni/${encodeURIComponent(code)}${langQuery(locale)}`;
}

/** What a link to one of our pages carries so that it opens in the reader's language. */
export function langQuery(locale: Locale): string {
  return locale === 'en' ? '?lang=en' : '';
}

/** Who a citizen mail goes to, in their language, with their name when they gave one. */
export interface CitizenRecipient {
  email: string;
  locale: Locale;
  role: CitizenRole;
  name?: string | null;
}

/** The ticket's page in the staff area (/ufficio/:id), where staff work it. */
export function staffTicketUrl(config: Config, ticket: TicketMailRow): string {
  return `${baseOf(config, ticket)}/ufficio/${ticket.id}`;
}

/**
 * The reporter's links to answer a resolution: the citizen pages /segnalazioni/:code/non-risolto and
 * /segnalazioni/:code/valuta, with the reporter's token, in their language.
 */
export function feedbackUrls(
  base: string,
  code: string,
  token: string,
  locale: Locale,
): { notFixedUrl: string; rateUrl: string; days: number } {
  const page = (path: string) =>
    `${base}/segnalazioni/${encodeURIComponent(code)}/${path}?t=${token}${locale === 'en' ? '&lang=en' : ''}`;
  return { notFixedUrl: page('non-risolto'), rateUrl: page('valuta'), days: FEEDBACK_DAYS };
}

async function loadTicket(
  tx: Queryable,
  municipalityId: number,
  ticketId: number,
): Promise<TicketMailRow> {
  let ticket = await findTicketMailInfo(tx, municipalityId, ticketId);
  // The very first mail of a municipality may race another one creating the secret: the statement
  // that waited cannot see it yet, the next one can.
  if (ticket && !ticket.secret) ticket = await findTicketMailInfo(tx, municipalityId, ticketId);
  if (!ticket) throw new Error(`Ticket ${municipalityId}/${ticketId} not found for mail`);
  return ticket;
}

function citizenMessage(
  config: Config,
  municipalityId: number,
  ticket: TicketMailRow,
  recipient: CitizenRecipient,
  kind: CitizenMailKind,
  notice: Omit<FollowerNotice, 'kind'> & { moderation?: CitizenMailData['moderation'] },
): OutboxMessage {
  const l = recipient.locale;
  const originalCode = notice.originalCode ?? ticket.original_code;
  // A merged duplicate's followers now follow the original: its page is the one worth opening.
  const linkCode = kind === 'duplicate' && originalCode ? originalCode : ticket.code;
  const unsubscribe = unsubscribeUrl(
    baseOf(config, ticket),
    ticket.code,
    unsubscribeTag(ticket.secret, municipalityId, ticket.code, recipient.email),
  );
  const mail = renderCitizenMail(kind, l, {
    code: ticket.code,
    title: maskPersonalData(ticket.title),
    description: maskPersonalData(ticket.description),
    place: placeText(
      ticket.street_name,
      ticket.house_number,
      ticket.address ? maskPersonalData(ticket.address) : null,
    ),
    recipientName: recipient.name ?? null,
    role: recipient.role,
    status: ticket.status,
    categoryName: l === 'en' ? ticket.category_en : ticket.category_it,
    officeName: notice.officeName ?? ticket.office_name,
    municipalityName: ticket.municipality_name,
    trackingUrl: trackingUrl(config, linkCode, baseOf(config, ticket), l),
    unsubscribeUrl: `${unsubscribe}${langQuery(l)}`,
    publicNote: notice.publicNote ? maskPersonalData(notice.publicNote) : notice.publicNote,
    originalCode,
    rejectReason: notice.rejectReason,
    moderation: notice.moderation,
    feedback:
      kind === 'resolved' && recipient.role === 'reporter'
        ? feedbackUrls(
            baseOf(config, ticket),
            ticket.code,
            feedbackTag(ticket.secret, municipalityId, ticket.code, recipient.email),
            l,
          )
        : undefined,
  });
  return {
    recipient: recipient.email,
    kind,
    locale: recipient.locale,
    subject: mail.subject,
    bodyText: mail.text,
    bodyHtml: mail.html,
    // RFC 2369 / RFC 8058: mail clients show an "unsubscribe" button that POSTs to this URL.
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

// Writes one outbox row per follower (the reporter + every supporter who did not unsubscribe), in their locale, in the caller's transaction. Returns how many rows.
export async function notifyTicketFollowers(
  tx: Queryable,
  config: Config,
  municipalityId: number,
  ticketId: number,
  notice: FollowerNotice,
): Promise<number> {
  const ticket = await loadTicket(tx, municipalityId, ticketId);
  const followers = await findTicketFollowers(tx, municipalityId, ticketId);
  if (followers.length === 0) return 0;
  const { kind, ...rest } = notice;
  const messages = followers.map((f) =>
    citizenMessage(config, municipalityId, ticket, f, kind, rest),
  );
  return insertOutbox(tx, municipalityId, ticketId, messages);
}

/** The confirmation to one citizen who just joined ("mi associo"), in their locale. */
export async function notifyNewSupporter(
  tx: Queryable,
  config: Config,
  municipalityId: number,
  ticketId: number,
  email: string,
  locale: Locale,
): Promise<number> {
  const ticket = await loadTicket(tx, municipalityId, ticketId);
  return insertOutbox(tx, municipalityId, ticketId, [
    citizenMessage(
      config,
      municipalityId,
      ticket,
      { email, locale, role: 'supporter' },
      'joined',
      {},
    ),
  ]);
}

/**
 * One mail to the reporter alone (unless unsubscribed, anonymised or without an e-mail), e.g. the reason
 * a "non è risolto" was declined. Returns how many rows (0 or 1).
 */
export async function notifyReporter(
  tx: Queryable,
  config: Config,
  municipalityId: number,
  ticketId: number,
  kind: CitizenMailKind,
  notice: Omit<FollowerNotice, 'kind'> & { moderation?: CitizenMailData['moderation'] },
): Promise<number> {
  const reporter = await findReporterRecipient(tx, municipalityId, ticketId);
  if (!reporter) return 0;
  const ticket = await loadTicket(tx, municipalityId, ticketId);
  return insertOutbox(tx, municipalityId, ticketId, [
    citizenMessage(config, municipalityId, ticket, { ...reporter, role: 'reporter' }, kind, notice),
  ]);
}

/**
 * Tells the reporter (unless unsubscribed, anonymised or without an e-mail) that an operator changed
 * the public text of their report, why, and what it says now. Returns how many rows (0 or 1).
 */
export async function notifyReporterModerated(
  tx: Queryable,
  config: Config,
  municipalityId: number,
  ticketId: number,
  moderation: { reason: (locale: Locale) => string; title: string; description: string },
): Promise<number> {
  const reporter = await findReporterRecipient(tx, municipalityId, ticketId);
  if (!reporter) return 0;
  const { reason, ...text } = moderation;
  return notifyReporter(tx, config, municipalityId, ticketId, 'moderated', {
    moderation: { reason: reason(reporter.locale), ...text },
  });
}

/**
 * A new report: the confirmation to its reporter and the notice to its office, in two round trips
 * (this runs for every report, so it does not go through the general follower lookup).
 */
export async function notifyNewReport(
  tx: Queryable,
  config: Config,
  municipalityId: number,
  ticketId: number,
  reporter: { email: string | null; locale: Locale; name?: string | null },
): Promise<number> {
  const ticket = await loadTicket(tx, municipalityId, ticketId);
  const email = reporter.email;
  return insertOutbox(tx, municipalityId, ticketId, [
    // A report taken by staff without an e-mail mails only its office.
    ...(email
      ? [
          citizenMessage(
            config,
            municipalityId,
            ticket,
            { email, locale: reporter.locale, name: reporter.name, role: 'reporter' },
            'received',
            {},
          ),
        ]
      : []),
    officeMessage(
      config,
      ticket,
      { name: ticket.office_name, email: ticket.office_email },
      'new_ticket',
    ),
  ]);
}

function officeMessage(
  config: Config,
  ticket: TicketMailRow,
  office: { name: string; email: string },
  kind: OfficeMailKind,
  assigneeName?: string,
): OutboxMessage {
  const mail = renderOfficeMail(kind, {
    code: ticket.code,
    title: maskPersonalData(ticket.title),
    categoryName: ticket.category_it,
    officeName: office.name,
    municipalityName: ticket.municipality_name,
    ticketUrl: staffTicketUrl(config, ticket),
    assigneeName,
  });
  return {
    recipient: office.email,
    kind: `office_${kind}`,
    locale: 'it',
    subject: mail.subject,
    bodyText: mail.text,
    bodyHtml: mail.html,
    headers: {},
  };
}

// Writes one outbox row to the office's e-mail (new ticket, reassigned to it).
export async function notifyOffice(
  tx: Queryable,
  config: Config,
  municipalityId: number,
  officeId: number,
  ticketId: number,
  kind: OfficeMailKind,
): Promise<number> {
  const [ticket, office] = [
    await loadTicket(tx, municipalityId, ticketId),
    await findOffice(tx, municipalityId, officeId),
  ];
  if (!office) throw new Error(`Office ${municipalityId}/${officeId} not found for mail`);
  return insertOutbox(tx, municipalityId, ticketId, [officeMessage(config, ticket, office, kind)]);
}

/** Writes one outbox row to the operator a ticket was just assigned to, linking the staff page. */
export async function notifyAssignee(
  tx: Queryable,
  config: Config,
  municipalityId: number,
  ticketId: number,
  assignee: { email: string; name: string },
): Promise<number> {
  const ticket = await loadTicket(tx, municipalityId, ticketId);
  const office = { name: ticket.office_name, email: assignee.email };
  return insertOutbox(tx, municipalityId, ticketId, [
    officeMessage(config, ticket, office, 'assigned', assignee.name || assignee.email),
  ]);
}

/** The contractor's link: under the ticket's comune (/c/{istat}/ditta/… or its host), or PUBLIC_URL/ditta/…. */
export function contractorPageUrl(config: Config, ticket: TicketMailRow, token: string): string {
  return `${baseOf(config, ticket)}/ditta/${token}`;
}

export interface ContractorNotice {
  contractor: { name: string; email: string };
  token: string;
  instructions: string;
  address: string | null;
  expiresAt: Date;
}

/** The mail that forwards a ticket to a contractor: its link, the instructions; never the reporter. */
export async function notifyContractor(
  tx: Queryable,
  config: Config,
  municipalityId: number,
  ticketId: number,
  n: ContractorNotice,
): Promise<number> {
  const ticket = await loadTicket(tx, municipalityId, ticketId);
  const mail = renderContractorMail({
    code: ticket.code,
    title: maskPersonalData(ticket.title),
    categoryName: ticket.category_it,
    address: n.address,
    officeName: ticket.office_name,
    municipalityName: ticket.municipality_name,
    contractorName: n.contractor.name,
    instructions: n.instructions,
    pageUrl: contractorPageUrl(config, ticket, n.token),
    expiresAt: n.expiresAt,
  });
  return insertOutbox(tx, municipalityId, ticketId, [
    {
      recipient: n.contractor.email,
      kind: 'contractor_forwarded',
      locale: 'it',
      subject: mail.subject,
      bodyText: mail.text,
      bodyHtml: mail.html,
      headers: {},
    },
  ]);
}

/**
 * The answer to a join request, one outbox row whichever it is: the confirmation link for a new address,
 * or, for an address that already sends or follows the report, a notice that nothing changed (token null).
 */
export async function notifyJoinRequest(
  tx: Queryable,
  config: Config,
  municipalityId: number,
  ticketId: number,
  recipient: { email: string; locale: Locale },
  token: string | null,
): Promise<number> {
  const ticket = await loadTicket(tx, municipalityId, ticketId);
  const base = baseOf(config, ticket);
  const kind = token ? 'confirm_join' : 'already_following';
  const mail = renderConfirmationMail(kind, recipient.locale, {
    municipalityName: ticket.municipality_name,
    url: token
      ? `${confirmationUrl(base, token)}${langQuery(recipient.locale)}`
      : trackingUrl(config, ticket.code, base, recipient.locale),
    code: ticket.code,
    // The public copy (someone else wrote it), masked as in every mail to a citizen.
    title: maskPersonalData(ticket.title),
    hours: CONFIRMATION_TTL_HOURS.join,
  });
  return insertOutbox(tx, municipalityId, ticketId, [confirmationMessage(recipient, kind, mail)]);
}

/** A confirmation link not tied to a ticket yet (a held report, a data copy, an erasure). */
export async function notifyConfirmationLink(
  tx: Queryable,
  municipalityId: number,
  comune: { name: string; baseUrl: string },
  recipient: { email: string; locale: Locale },
  kind: Exclude<ConfirmationMailKind, 'confirm_join' | 'already_following'>,
  token: string,
  hours: number,
  title?: string,
): Promise<number> {
  const mail = renderConfirmationMail(kind, recipient.locale, {
    municipalityName: comune.name,
    url: confirmationUrl(comune.baseUrl, token),
    title,
    hours,
  });
  return insertOutbox(tx, municipalityId, null, [confirmationMessage(recipient, kind, mail)]);
}

/** The outbox row of a confirmation-family mail (links, "already" notices): no headers of its own. */
export function confirmationMessage(
  recipient: { email: string; locale: Locale },
  kind: ConfirmationMailKind,
  mail: { subject: string; text: string; html: string },
): OutboxMessage {
  return {
    recipient: recipient.email,
    kind,
    locale: recipient.locale,
    subject: mail.subject,
    bodyText: mail.text,
    bodyHtml: mail.html,
    headers: {},
  };
}
