// "Mi associo": a citizen who sees the same problem joins the report instead of filing it again. Double
// opt-in: the request only mails the address (a confirmation link, or a notice that it already follows),
// with the same answer and the same work for every address; the supporter counts once the link is used.
import type pg from 'pg';
import type { Config } from '../config.js';
import type { ConfirmationRow } from '../db/email-confirmation.queries.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { withTransaction } from '../db/pool.js';
import { insertPublicEvent } from '../db/report.queries.js';
import { incrementSupporters, insertSupporter, lockJoinTarget } from '../db/supporter.queries.js';
import { AppError } from '../domain/app-error.js';
import { validateEmail } from '../domain/email.js';
import { validateLocale } from '../domain/report.js';
import { isOpen } from '../domain/ticket-status.js';
import { normalizeTrackingCode } from '../domain/tracking-code.js';
import type { Locale } from '../mail/citizen-mail.template.js';
import { notifyJoinRequest, notifyNewSupporter } from '../mail/notify.js';
import { createConfirmation } from './email-confirmation.js';
import { acceptedNoticeVersion } from './privacy-notice.service.js';
import { enforceRateLimits } from './rate-limit.js';
import type { Queryable } from '../db/pool.js';

/** The only answer of joinReport, whatever the address: nothing about who follows the report. */
export type JoinStatus = 'CONFIRMATION_SENT';

/** What a join confirmation carries (email_confirmation.payload). */
interface JoinPayload {
  ticketId: number;
  code: string;
  locale: Locale;
  privacyNoticeVersion: number | null;
}

/** Outcome of a used join link, for the confirmation page. */
export type JoinConfirmation =
  | { kind: 'joined'; code: string }
  | { kind: 'already'; code: string }
  | { kind: 'closed'; code: string };

export class JoinService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipality: MunicipalityRow,
  ) {}

  async join(
    rawCode: string,
    rawEmail: string,
    rawLocale: string | null | undefined,
    clientAddress: string,
    shownNoticeVersion?: number | null,
  ): Promise<JoinStatus> {
    const code = normalizeTrackingCode(rawCode);
    const email = validateEmail(rawEmail);
    const locale = validateLocale(rawLocale);
    const m = this.municipality.id;
    return withTransaction(this.pool, async (tx) => {
      const limits = this.config.rateLimits;
      await enforceRateLimits(tx, m, this.config.rateLimitSecret, [
        { action: 'join:address', key: clientAddress, perHour: limits.joinsPerHourPerAddress },
        { action: 'join:email', key: email, perHour: limits.joinsPerHourPerEmail },
      ]);
      const privacyNoticeVersion = await acceptedNoticeVersion(tx, m, shownNoticeVersion);
      const ticket = await openTarget(tx, m, code, email);
      // The same writes either way (one confirmation row, one outbox row): an address that already
      // follows gets a row no link opens and a notice instead of the link.
      const payload: JoinPayload = { ticketId: ticket.id, code, locale, privacyNoticeVersion };
      const { token } = await createConfirmation(tx, m, {
        purpose: 'join',
        email,
        payload: { ...payload },
        already: ticket.follows,
      });
      await notifyJoinRequest(
        tx,
        this.config,
        m,
        ticket.id,
        { email, locale },
        ticket.follows ? null : token,
      );
      return 'CONFIRMATION_SENT' as const;
    });
  }

  /** The join a used link confirms, in the transaction that marks the link used. */
  async confirm(tx: Queryable, row: ConfirmationRow): Promise<JoinConfirmation> {
    const m = this.municipality.id;
    const p = row.payload as unknown as JoinPayload;
    const email = row.email ?? '';
    const ticket = await lockJoinTarget(tx, m, p.code, email);
    if (!ticket || !isOpen(ticket)) return { kind: 'closed', code: p.code };
    if (ticket.follows) return { kind: 'already', code: p.code };
    const joined = await insertSupporter(tx, m, ticket.id, email, p.locale, p.privacyNoticeVersion);
    if (!joined) return { kind: 'already', code: p.code };
    await incrementSupporters(tx, m, ticket.id);
    await insertPublicEvent(tx, m, ticket.id, 'supported', null);
    await notifyNewSupporter(tx, this.config, m, ticket.id, email, p.locale);
    return { kind: 'joined', code: p.code };
  }
}

/** The ticket to join: it must exist in this comune and be open (neither says anything about the address). */
async function openTarget(tx: Queryable, m: number, code: string, email: string) {
  const ticket = await lockJoinTarget(tx, m, code, email);
  if (!ticket)
    throw new AppError('NOT_FOUND', `Nessuna segnalazione con codice ${code}.`, { field: 'code' });
  if (!isOpen(ticket)) {
    const original = ticket.duplicate_of_code;
    throw new AppError(
      'TICKET_CLOSED',
      original
        ? `La segnalazione ${code} è un duplicato di ${original}: associati a quella.`
        : `La segnalazione ${code} è chiusa: non è più possibile associarsi.`,
      { status: ticket.status, ...(original ? { originalCode: original } : {}) },
    );
  }
  return ticket;
}
