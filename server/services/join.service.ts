// "Mi associo": a citizen who sees the same problem joins the report instead of filing it again.
import type pg from 'pg';
import type { Config } from '../config.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { withTransaction } from '../db/pool.js';
import { insertPublicEvent } from '../db/report.queries.js';
import { incrementSupporters, insertSupporter, lockJoinTarget } from '../db/supporter.queries.js';
import { AppError } from '../domain/app-error.js';
import { validateEmail } from '../domain/email.js';
import { validateLocale } from '../domain/report.js';
import { isOpen } from '../domain/ticket-status.js';
import { normalizeTrackingCode } from '../domain/tracking-code.js';
import { notifyNewSupporter } from '../mail/notify.js';
import { enforceRateLimits } from './rate-limit.js';

export interface JoinResult {
  code: string;
  /** False when this address already followed the ticket: a repeat changes nothing. */
  joined: boolean;
}

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
  ): Promise<JoinResult> {
    const code = normalizeTrackingCode(rawCode);
    const email = validateEmail(rawEmail);
    const locale = validateLocale(rawLocale);
    const m = this.municipality.id;
    return withTransaction(this.pool, async (tx) => {
      const limits = this.config.rateLimits;
      await enforceRateLimits(tx, m, [
        { action: 'join:address', key: clientAddress, perHour: limits.joinsPerHourPerAddress },
        { action: 'join:email', key: email, perHour: limits.joinsPerHourPerEmail },
      ]);
      const ticket = await lockJoinTarget(tx, m, code, email);
      if (!ticket)
        throw new AppError('NOT_FOUND', `Nessuna segnalazione con codice ${code}.`, {
          field: 'code',
        });
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
      if (ticket.reporter_is_email) return { code, joined: false };
      const joined = await insertSupporter(tx, m, ticket.id, email, locale);
      if (!joined) return { code, joined: false };
      await incrementSupporters(tx, m, ticket.id);
      await insertPublicEvent(tx, m, ticket.id, 'supported', null);
      await notifyNewSupporter(tx, this.config, m, ticket.id, email, locale);
      return { code, joined: true };
    });
  }
}
