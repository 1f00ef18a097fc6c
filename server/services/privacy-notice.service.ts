// The comune's privacy notice (GDPR art. 13), kept by its admins with versions: the report form and
// "mi associo" show the current one, and each report and join stores the version accepted.
import type pg from 'pg';
import { insertAudit } from '../db/audit.queries.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { withTransaction, type Queryable } from '../db/pool.js';
import {
  findPrivacyNotice,
  insertPrivacyNotice,
  listPrivacyNotices,
  type PrivacyNoticeRow,
} from '../db/privacy-notice.queries.js';
import { badInput } from '../domain/app-error.js';
import { requireAdmin } from '../domain/staff-access.js';
import type { Viewer } from '../domain/viewer.js';
import { fillPrivacyNotice } from '../domain/privacy-notice.js';
import { PrivacyNoticeSchema, privacyFactsOf, storedPrivacyNotice } from './comune-settings.js';

export interface EffectivePrivacyNotice {
  /** null: no version was published; the text is the settings' carried-over one or the app's default. */
  version: number | null;
  text: { it: string; en: string } | null;
}

/** The version a citizen accepts: the one the form showed (it must exist), or the current one. */
export async function acceptedNoticeVersion(
  db: Queryable,
  municipalityId: number,
  shown: number | null | undefined,
): Promise<number | null> {
  if (shown === null || shown === undefined)
    return (await findPrivacyNotice(db, municipalityId))?.version ?? null;
  if (!Number.isInteger(shown) || !(await findPrivacyNotice(db, municipalityId, shown)))
    throw badInput('privacyNoticeVersion', 'Versione dell’informativa privacy sconosciuta.');
  return shown;
}

export class PrivacyNoticeService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipality: MunicipalityRow,
  ) {}

  /** The current notice, or one version of it (null when that version does not exist), {dpo} and {retention} filled. */
  async current(version?: number | null): Promise<EffectivePrivacyNotice | null> {
    const row = await this.published(version);
    if (row) return { version: row.version, text: { it: row.text_it, en: row.text_en } };
    if (version !== null && version !== undefined) return null;
    const stored = storedPrivacyNotice(this.municipality.settings);
    return { version: null, text: stored && this.filled(stored.it, stored.en) };
  }

  /** A published version (the current one by default), or undefined, as citizens read it. */
  async published(version?: number | null): Promise<PrivacyNoticeRow | undefined> {
    const row = await findPrivacyNotice(this.pool, this.municipality.id, version ?? undefined);
    if (!row) return undefined;
    const text = this.filled(row.text_it, row.text_en);
    return { ...row, text_it: text.it, text_en: text.en };
  }

  /** {dpo} and {retention} from the comune's settings today (the periods the retention job applies). */
  private filled(it: string, en: string): { it: string; en: string } {
    const facts = privacyFactsOf(this.municipality.settings);
    return { it: fillPrivacyNotice(it, 'it', facts), en: fillPrivacyNotice(en, 'en', facts) };
  }

  list(viewer: Viewer | null): Promise<PrivacyNoticeRow[]> {
    requireAdmin(viewer);
    return listPrivacyNotices(this.pool, this.municipality.id);
  }

  /** Admins: publishes a new version (the older ones stay, for the reports that accepted them). */
  async publish(
    viewer: Viewer | null,
    text: { it: string; en: string },
    address?: string,
  ): Promise<PrivacyNoticeRow> {
    const admin = requireAdmin(viewer);
    const parsed = PrivacyNoticeSchema.safeParse(text);
    if (!parsed.success) {
      const field = String(parsed.error.issues[0].path[0] ?? 'it');
      throw badInput(
        field,
        'Il testo dell’informativa serve in italiano e in inglese (al massimo 20.000 caratteri).',
      );
    }
    return withTransaction(this.pool, async (tx) => {
      const row = await insertPrivacyNotice(tx, this.municipality.id, parsed.data, admin.staffId);
      await insertAudit(tx, this.municipality.id, {
        actorStaffId: admin.staffId,
        action: 'privacy.publishNotice',
        target: `privacy_notice:${row.version}`,
        address,
        details: { version: row.version },
      });
      return row;
    });
  }
}
