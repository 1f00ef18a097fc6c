// One outbox row per person per intervention change, not one per ticket: the reporters and supporters
// of all the tickets a change touched (linked, rescheduled, resolved, restored), each address once
// (case-insensitively), in that person's stored language, listing the person's own reports. Written in
// the change's transaction, sent by the ordinary outbox sender.
import type { Config } from '../config.js';
import { findTicketFollowers, findTicketMailInfo, insertOutbox } from '../db/outbox.queries.js';
import type { Queryable } from '../db/pool.js';
import { maskPersonalData } from '../domain/personal-data-mask.js';
import type { Locale } from './citizen-mail.template.js';
import {
  renderInterventionMail,
  type InterventionMailKind,
  type InterventionMailTicket,
} from './intervention-mail.template.js';
import { baseOf, trackingUrl } from './notify.js';
import { unsubscribeTag, unsubscribeUrl } from './unsubscribe-token.js';

export interface InterventionNotice {
  kind: InterventionMailKind;
  title: string;
  officeName: string;
  plannedStart: string;
  plannedEnd: string;
  note: string | null;
}

interface Person {
  email: string;
  locale: Locale;
  tickets: InterventionMailTicket[];
  /** The first of the person's tickets: the row's ticket, whose unsubscribe link the mail carries. */
  ticketId: number;
  unsubscribe: string;
}

export async function notifyInterventionFollowers(
  tx: Queryable,
  config: Config,
  municipalityId: number,
  ticketIds: readonly number[],
  notice: InterventionNotice,
): Promise<number> {
  const people = new Map<string, Person>();
  let municipalityName = '';
  for (const ticketId of [...ticketIds].sort((a, b) => a - b)) {
    const ticket = await findTicketMailInfo(tx, municipalityId, ticketId);
    if (!ticket) continue;
    municipalityName = ticket.municipality_name;
    const base = baseOf(config, ticket);
    const line = {
      code: ticket.code,
      title: maskPersonalData(ticket.title),
      url: trackingUrl(config, ticket.code, base),
    };
    for (const f of await findTicketFollowers(tx, municipalityId, ticketId)) {
      const key = f.email.toLowerCase();
      const known = people.get(key);
      if (known) {
        known.tickets.push(line);
        continue;
      }
      people.set(key, {
        email: f.email,
        locale: f.locale,
        tickets: [line],
        ticketId,
        unsubscribe: unsubscribeUrl(
          base,
          ticket.code,
          unsubscribeTag(ticket.secret, municipalityId, ticket.code, f.email),
        ),
      });
    }
  }
  let written = 0;
  for (const p of people.values()) {
    const mail = renderInterventionMail(notice.kind, p.locale, {
      municipalityName,
      title: maskPersonalData(notice.title),
      officeName: notice.officeName,
      plannedStart: notice.plannedStart,
      plannedEnd: notice.plannedEnd,
      note: notice.note ? maskPersonalData(notice.note) : null,
      tickets: p.tickets,
      unsubscribeUrl: p.unsubscribe,
    });
    written += await insertOutbox(tx, municipalityId, p.ticketId, [
      {
        recipient: p.email,
        kind: notice.kind,
        locale: p.locale,
        subject: mail.subject,
        bodyText: mail.text,
        bodyHtml: mail.html,
        headers: {
          'List-Unsubscribe': `<${p.unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      },
    ]);
  }
  return written;
}
