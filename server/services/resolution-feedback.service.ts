// The reporter's answers to a resolution (issue 14 item 7), with the token of the "conclusa" mail
// (feedbackTag: an HMAC of the code and the reporter's address under the comune's mail secret):
// "non è risolto" (a comment and an optional photo) opens a reopen request the office accepts (the
// ticket goes back to in lavorazione, every follower told) or declines with a reason mailed to the
// reporter; "com'è andata?" is one rating 1–5 per ticket. Both only within 30 days of the resolution.
// Every refusal is a coded error and changes nothing.
import type pg from 'pg';
import type { Config } from '../config.js';
import { linkAttachments } from '../db/attachment.queries.js';
import { mailSecret } from '../db/outbox.queries.js';
import { withTransaction, type Queryable } from '../db/pool.js';
import {
  decideReopenRequest,
  findFeedbackTicket,
  findRating,
  findReopenRequest,
  hasPendingReopen,
  insertRating,
  insertReopenRequest,
  listReopenRequests,
  type FeedbackTicketRow,
  type RatingRow,
  type ReopenRequestRow,
} from '../db/resolution-feedback.queries.js';
import { AppError, badInput } from '../domain/app-error.js';
import { requireTicketRead } from '../domain/staff-access.js';
import { normalizeTrackingCode, TRACKING_CODE_PATTERN } from '../domain/tracking-code.js';
import type { Viewer } from '../domain/viewer.js';
import { FEEDBACK_DAYS } from '../domain/resolution-feedback.js';
import { notifyReporter } from '../mail/notify.js';
import { feedbackTag, tagsEqual } from '../mail/unsubscribe-token.js';
import { applyPhase } from './workflow.service.js';
import { cleanNote, runTicketChange } from './ticket-change.js';

export const MAX_FEEDBACK_COMMENT = 2000;

const invalidToken = () =>
  new AppError('INVALID_TOKEN', 'Il link non è valido: usa quello dell’e-mail di chiusura.', {
    field: 'token',
  });

/** The comment, trimmed: required for "non è risolto", optional for a rating. */
function cleanComment(raw: string | null | undefined, required: boolean): string | null {
  const text = raw?.trim() ?? '';
  if (required && !text)
    throw badInput('comment', 'Scrivi in breve che cosa non è risolto (campo «Commento»).');
  if (text.length > MAX_FEEDBACK_COMMENT)
    throw badInput(
      'comment',
      `Il commento supera i ${MAX_FEEDBACK_COMMENT} caratteri: accorcialo (ora sono ${text.length}).`,
    );
  return text || null;
}

export class ResolutionFeedbackService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
    private readonly municipalityId: number,
  ) {}

  /** The token of a ticket's reporter (the mail's links carry it). */
  async tokenFor(db: Queryable, code: string, email: string): Promise<string> {
    return feedbackTag(await mailSecret(db, this.municipalityId), this.municipalityId, code, email);
  }

  /**
   * The resolved ticket this token opens, locked in the caller's transaction: INVALID_TOKEN for a code or
   * token that is not the reporter's, FEEDBACK_CLOSED when not resolved or resolved over 30 days ago.
   */
  private async open(tx: Queryable, rawCode: string, token: string): Promise<FeedbackTicketRow> {
    const code = normalizeTrackingCode(rawCode ?? '');
    if (!TRACKING_CODE_PATTERN.test(code) || typeof token !== 'string' || token.length !== 32)
      throw invalidToken();
    const ticket = await findFeedbackTicket(tx, this.municipalityId, code, true);
    if (!ticket?.reporter_email) throw invalidToken();
    if (!tagsEqual(await this.tokenFor(tx, code, ticket.reporter_email), token))
      throw invalidToken();
    const resolvedAt = ticket.resolved_at?.getTime();
    if (
      ticket.status !== 'resolved' ||
      resolvedAt === undefined ||
      Date.now() - resolvedAt > FEEDBACK_DAYS * 86_400_000
    )
      throw new AppError(
        'FEEDBACK_CLOSED',
        `Si può rispondere solo a una segnalazione conclusa, entro ${FEEDBACK_DAYS} giorni dalla chiusura.`,
        { days: FEEDBACK_DAYS },
      );
    return ticket;
  }

  /** reportNotFixed: a reopen request for the office; one pending at a time. */
  async reportNotFixed(
    code: string,
    token: string,
    rawComment: string,
    attachmentId: string | null | undefined,
  ): Promise<{ id: number }> {
    const comment = cleanComment(rawComment, true)!;
    return withTransaction(this.pool, async (tx) => {
      const ticket = await this.open(tx, code, token);
      if (await hasPendingReopen(tx, this.municipalityId, ticket.id))
        throw new AppError(
          'ALREADY_ANSWERED',
          'Hai già segnalato che il problema non è risolto: l’ufficio ti risponderà per e-mail.',
        );
      if (attachmentId) {
        // Hidden until an operator reviews it, as a citizen's photo sent after the report.
        const linked = /^[0-9a-f-]{36}$/i.test(attachmentId)
          ? await linkAttachments(tx, this.municipalityId, ticket.id, [attachmentId], false)
          : 0;
        if (linked !== 1)
          throw badInput('attachmentId', 'La foto non è stata trovata: caricala di nuovo.');
      }
      const id = await insertReopenRequest(tx, this.municipalityId, {
        ticketId: ticket.id,
        comment,
        attachmentId: attachmentId || null,
      });
      return { id };
    });
  }

  /** rateResolution: 1–5 and an optional comment, once per ticket. */
  async rate(code: string, token: string, score: number, rawComment?: string | null) {
    if (!Number.isInteger(score) || score < 1 || score > 5)
      throw badInput('score', 'Scegli un voto da 1 a 5.');
    const comment = cleanComment(rawComment, false);
    await withTransaction(this.pool, async (tx) => {
      const ticket = await this.open(tx, code, token);
      if (!(await insertRating(tx, this.municipalityId, { ticketId: ticket.id, score, comment })))
        throw new AppError(
          'ALREADY_ANSWERED',
          'Hai già dato il tuo giudizio su questa segnalazione.',
        );
    });
  }

  /** The staff ticket page: a ticket's reopen requests, newest first. */
  list(viewer: Viewer | null, ticketId: number): Promise<ReopenRequestRow[]> {
    requireTicketRead(viewer);
    return listReopenRequests(this.pool, this.municipalityId, ticketId);
  }

  /** The staff ticket page: the reporter's rating, once given. */
  rating(viewer: Viewer | null, ticketId: number): Promise<RatingRow | undefined> {
    requireTicketRead(viewer);
    return findRating(this.pool, this.municipalityId, ticketId);
  }

  /**
   * The office's answer. Accepted: the ticket is reopened (in lavorazione) through the workflow, which
   * tells reporter and supporters. Declined: the reason is mailed to the reporter. Either in the frame of
   * every staff change (office access, audit), on a request still pending.
   */
  async decide(
    viewer: Viewer | null,
    id: number,
    decision: { accept: true } | { accept: false; reason: string },
    address?: string,
  ): Promise<ReopenRequestRow> {
    const reason = decision.accept ? null : cleanNote(decision.reason, 'reason');
    if (!decision.accept && !reason)
      throw badInput('reason', 'Scrivi il motivo: il cittadino lo riceve per e-mail.');
    const request = await findReopenRequest(this.pool, this.municipalityId, id);
    if (!request) throw new AppError('NOT_FOUND', 'Richiesta di riapertura non trovata.');
    await runTicketChange(
      { pool: this.pool, config: this.config, municipalityId: this.municipalityId },
      viewer,
      {
        ticketId: request.ticket_id,
        version: 'current',
        action: decision.accept ? 'ticket.acceptReopenRequest' : 'ticket.declineReopenRequest',
        address,
      },
      async (s) => {
        const decided = await decideReopenRequest(s.tx, s.municipalityId, id, {
          state: decision.accept ? 'accepted' : 'declined',
          reason,
          staffId: s.staff.staffId,
        });
        if (!decided)
          throw new AppError('ALREADY_ANSWERED', 'La richiesta ha già avuto una risposta.');
        if (decision.accept)
          await applyPhase(s.tx, s.config, s.municipalityId, s.ticket, {
            action: 'reopenTicket',
            actorStaffId: s.staff.staffId,
            note: null,
            isPublic: false,
            notify: true,
          });
        else
          await notifyReporter(s.tx, s.config, s.municipalityId, s.ticket.id, 'reopen_declined', {
            publicNote: reason,
          });
        s.audit = { reopenRequest: id };
      },
    );
    return (await findReopenRequest(this.pool, this.municipalityId, id))!;
  }
}
