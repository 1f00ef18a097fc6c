// Category questions: everyone reads them (the form asks them, Open311 publishes them as attributes),
// admins set them, staff read the answers of a ticket. Answers are checked where reports are filed
// (report.service.ts, through checkAnswers in server/domain/category-question.ts).
import type pg from 'pg';
import { insertAudit } from '../db/audit.queries.js';
import { findCategory } from '../db/category.queries.js';
import {
  listAllQuestions,
  listQuestions,
  listTicketAnswers,
  replaceQuestions,
  type TicketAnswerRow,
} from '../db/category-question.queries.js';
import { withTransaction } from '../db/pool.js';
import { AppError } from '../domain/app-error.js';
import { validateQuestions, type Question, type RawQuestion } from '../domain/category-question.js';
import { requireAdmin } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';

export class CategoryQuestionService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipalityId: number,
  ) {}

  /** The active questions of these categories (the per-request loader's batch), in form order. */
  forCategories(categoryIds: readonly number[]): Promise<Question[]> {
    return listQuestions(this.pool, this.municipalityId, categoryIds);
  }

  all(): Promise<Question[]> {
    return listAllQuestions(this.pool, this.municipalityId);
  }

  /** The answers of these tickets; callers have checked the viewer may read the tickets. */
  answers(ticketIds: readonly number[]): Promise<TicketAnswerRow[]> {
    return listTicketAnswers(this.pool, this.municipalityId, ticketIds);
  }

  /** Admins: the category's questions become exactly `raw`, in that order (audited). */
  async set(
    viewer: Viewer | null,
    categoryId: number,
    raw: readonly RawQuestion[],
    address?: string,
  ): Promise<Question[]> {
    const admin = requireAdmin(viewer);
    const questions = validateQuestions(raw);
    if (!(await findCategory(this.pool, this.municipalityId, categoryId)))
      throw new AppError('NOT_FOUND', 'Categoria non trovata.');
    await withTransaction(this.pool, async (tx) => {
      await replaceQuestions(tx, this.municipalityId, categoryId, questions);
      await insertAudit(tx, this.municipalityId, {
        actorStaffId: admin.staffId,
        action: 'category.questions',
        target: `category:${categoryId}`,
        details: { codes: questions.map((q) => q.code) },
        address,
      });
    });
    return this.forCategories([categoryId]);
  }
}
