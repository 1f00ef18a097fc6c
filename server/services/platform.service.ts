// The platform operator's use cases: its login and sessions, and the comuni of the deployment (list,
// add with the same code as `npm run comune:add`, configure, disable and enable), and the grants of
// sovracomunale planners. It reads no ticket and no citizen: its queries touch municipality, office,
// category, street and staff_user counts only. See docs/many-comuni.md, "Roles across comuni".
import type pg from 'pg';
import type { AddComuneResult } from '../../seeds/comune.js';
import {
  ComuneSettingsSchema,
  MailFromSchema,
  ownRetentionOf,
  type CitizenPhotos,
  type Retention,
} from './comune-settings.js';
import type { Config } from '../config.js';
import { insertAudit } from '../db/audit.queries.js';
import {
  findPlatformComune,
  findPlatformSessionUserId,
  findPlatformUserByEmail,
  findPlatformUserById,
  insertPlatformSession,
  lockComuneSettings,
  listPlatformComuni,
  municipalityNames,
  replacePlannerGrants,
  revokePlatformSession,
  updateComuneSettings,
  upsertPlatformUser,
  type MunicipalityNameRow,
  type PlatformComuneRow,
  type PlatformUserRow,
} from '../db/platform.queries.js';
import { findStaffByEmail } from '../db/staff.queries.js';
import { insertPrivacyNotice } from '../db/privacy-notice.queries.js';
import { withTransaction } from '../db/pool.js';
import { AppError, badInput } from '../domain/app-error.js';
import { clientAddressKey } from '../domain/client-address.js';
import { validateEmail } from '../domain/email.js';
import { KeyedQueue } from '../domain/keyed-queue.js';
import { requirePlatform, type PlatformViewer } from '../domain/platform.js';
import { validatePassword } from '../domain/staff-access.js';
import { jwtKey, randomToken, sha256, signPlatformJwt, verifyPlatformJwt } from './auth-token.js';
import { comuniChanged } from './comune-changes.js';

// Onboarding brings the street generator and turf: loaded when a comune is added or toggled, not at
// every start (docs/operations.md, "Warm start").
const comuneCommands = () => import('../../seeds/comune.js');
import { LOGIN_FAILED_MESSAGE } from './auth.service.js';
import { hashPassword, verifyPassword } from './password.js';

export const PLATFORM_SESSION_COOKIE = 'segnala_platform';

export interface PlatformLoginResult {
  user: PlatformUserRow;
  token: string;
  expiresAt: Date;
  sessionToken: string;
  sessionExpiresAt: Date;
}

export interface ComunePatch {
  name?: string;
  mailFrom?: string | null;
  coatOfArms?: string | null;
  privacyNotice?: { it: string; en: string };
  slaTargets?: { onTimeShare: number; firstResponseHours: number };
  /** How to reach the comune's DPO, for the notice's {dpo}; null: the notice's default wording. */
  dpoContact?: string | null;
  /** Reports wait for their reporter to confirm the e-mail; null: the default (false). */
  reportConfirmation?: boolean | null;
  /** Citizens' and contractors' photos public at once or after approval; null: the default. */
  citizenPhotos?: CitizenPhotos | null;
  /**
   * Retention periods, merged field by field into the comune's own: a number sets one, null takes the
   * default again, an omitted field stays; `retention: null` takes every default again.
   */
  retention?: { [K in keyof Retention]?: number | null } | null;
}

/** The settings keys updateComune writes (with `retentionMonths`, the older name it may remove). */
const SETTING_KEYS = [
  'coatOfArms',
  'privacyNotice',
  'slaTargets',
  'dpoContact',
  'reportConfirmation',
  'citizenPhotos',
  'retention',
] as const;

// Failed platform logins per e-mail and per address, in this process (platform operators are few and
// not kept per comune, so the per-comune audit counts do not apply). Shared by every comune's Services.
const failures = new Map<string, number[]>();
const attempts = new KeyedQueue();

function recentFailures(key: string, windowMs: number): number {
  const since = Date.now() - windowMs;
  const kept = (failures.get(key) ?? []).filter((t) => t > since);
  if (kept.length) failures.set(key, kept);
  else failures.delete(key);
  return kept.length;
}

const SettingsPatch = ComuneSettingsSchema.strict();

export class PlatformService {
  private readonly key: Uint8Array;

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Config,
  ) {
    this.key = jwtKey(config.jwtSecret);
  }

  async login(rawEmail: string, password: string, address: string): Promise<PlatformLoginResult> {
    const email = rawEmail.trim().toLowerCase();
    const keys = [`platform-email:${email}`, `platform-address:${clientAddressKey(address)}`];
    return attempts.run(keys, () => this.attempt(email, password, address, keys));
  }

  private async attempt(
    email: string,
    password: string,
    address: string,
    [emailKey, addressKey]: string[],
  ): Promise<PlatformLoginResult> {
    const limits = this.config.loginLimits;
    const windowMs = limits.windowMinutes * 60_000;
    if (
      recentFailures(addressKey, windowMs) >= limits.maxFailuresPerAddress ||
      recentFailures(emailKey, windowMs) >= limits.maxFailuresPerAccount
    )
      throw new AppError('RATE_LIMITED', 'Troppi tentativi di accesso: riprova più tardi.', {
        retryAfterMinutes: limits.windowMinutes,
      });
    const user = await findPlatformUserByEmail(this.pool, email);
    const matches = await verifyPassword(user?.password_hash, password);
    if (!user || !matches || user.disabled_at) {
      for (const key of [emailKey, addressKey])
        failures.set(key, [...(failures.get(key) ?? []), Date.now()]);
      throw new AppError('UNAUTHENTICATED', LOGIN_FAILED_MESSAGE);
    }
    failures.delete(emailKey);
    const sessionToken = randomToken('psess_');
    const { token, expiresAt } = await signPlatformJwt(
      this.key,
      user.id,
      this.config.jwtTtlMinutes,
    );
    await insertPlatformSession(
      this.pool,
      user.id,
      sha256(sessionToken),
      address,
      this.config.sessionTtlHours,
    );
    const sessionExpiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3_600_000);
    return { user, token, expiresAt, sessionToken, sessionExpiresAt };
  }

  async logout(sessionToken: string | undefined): Promise<void> {
    if (sessionToken) await revokePlatformSession(this.pool, sha256(sessionToken));
  }

  async viewerForSession(sessionToken: string): Promise<PlatformViewer | null> {
    const session = await findPlatformSessionUserId(this.pool, sha256(sessionToken));
    return session ? this.activeViewer(session.platform_user_id) : null;
  }

  async viewerForJwt(token: string): Promise<PlatformViewer | null> {
    const id = await verifyPlatformJwt(this.key, token);
    return id ? this.activeViewer(id) : null;
  }

  private async activeViewer(id: number): Promise<PlatformViewer | null> {
    const user = await findPlatformUserById(this.pool, id);
    return user && !user.disabled_at ? { platformUserId: user.id, email: user.email } : null;
  }

  me(platform: PlatformViewer): Promise<PlatformUserRow | undefined> {
    return findPlatformUserById(this.pool, platform.platformUserId);
  }

  /** Creates or updates a platform operator (npm run platform:add). */
  async upsertUser(input: { email: string; password: string; name?: string }): Promise<number> {
    const email = validateEmail(input.email);
    validatePassword(input.password);
    return upsertPlatformUser(this.pool, {
      email,
      name: input.name ?? '',
      passwordHash: await hashPassword(input.password),
    });
  }

  listComuni(platform: PlatformViewer | null | undefined): Promise<PlatformComuneRow[]> {
    requirePlatform(platform, false);
    return listPlatformComuni(this.pool);
  }

  /** `npm run comune:add` from the API: the same function, so the same rules and the same rows. */
  async addComune(
    platform: PlatformViewer | null | undefined,
    istat: string,
    adminEmail?: string | null,
  ): Promise<{ result: AddComuneResult; comune: PlatformComuneRow }> {
    const operator = requirePlatform(platform, false);
    let result: AddComuneResult;
    try {
      result = await (
        await comuneCommands()
      ).addComune(this.pool, {
        istat: istat.trim(),
        config: this.config,
        adminEmail: adminEmail ?? undefined,
      });
    } catch (error) {
      if (error instanceof (await comuneCommands()).ComuneCommandError)
        throw badInput(/--admin/.test(error.message) ? 'adminEmail' : 'istatCode', error.message);
      throw error;
    }
    if (result.created) {
      await insertAudit(this.pool, result.id, {
        actorStaffId: null,
        action: 'platform.comune_add',
        target: `municipality:${result.id}`,
        details: { platformUser: operator.email, istat },
      });
      comuniChanged();
    }
    return { result, comune: (await findPlatformComune(this.pool, result.id))! };
  }

  async updateComune(
    platform: PlatformViewer | null | undefined,
    id: number,
    patch: ComunePatch,
  ): Promise<PlatformComuneRow> {
    const operator = requirePlatform(platform, false);
    const name = patch.name?.trim();
    if (patch.name !== undefined && (!name || name.length > 100))
      throw badInput('name', 'Il nome del comune è obbligatorio (al massimo 100 caratteri).');
    const mailFrom = patch.mailFrom === null ? null : patch.mailFrom?.trim();
    if (mailFrom !== undefined && mailFrom !== null && !MailFromSchema.safeParse(mailFrom).success)
      throw badInput(
        'mailFrom',
        'Mittente non valido: serve un indirizzo, per esempio "Comune di X <segnala@comune.x.it>".',
      );
    // Values to write, and keys whose null means "the deployment's default again" (removed).
    const settings: Record<string, unknown> = {};
    const remove: string[] = [];
    for (const key of SETTING_KEYS) {
      const value = patch[key];
      if (value === undefined || key === 'retention') continue;
      if (value === null && (key === 'reportConfirmation' || key === 'citizenPhotos'))
        remove.push(key);
      else settings[key] = value;
    }
    // The retention periods given as numbers are checked alone first; merged with the stored ones below.
    const retention = patch.retention;
    const retentionSet: Record<string, number> = {};
    if (retention)
      for (const [key, value] of Object.entries(retention))
        if (value !== null && value !== undefined) retentionSet[key] = value;
    const parsed = SettingsPatch.safeParse({
      ...settings,
      ...(retention ? { retention: retentionSet } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badInput(
        issue.path.join('.') || 'settings',
        `Impostazione non valida (${issue.path.join('.')}): ${issue.message}.`,
      );
    }
    const values = { ...(parsed.data as Record<string, unknown>) };
    delete values.retention;
    const fields = [
      ...(name !== undefined ? ['name'] : []),
      ...(mailFrom !== undefined ? ['mailFrom'] : []),
      ...Object.keys(settings),
      ...remove,
      ...(retention === null
        ? ['retention']
        : Object.keys(retention ?? {})
            .filter((k) => retention?.[k as keyof Retention] !== undefined)
            .map((k) => `retention.${k}`)),
    ];
    await withTransaction(this.pool, async (tx) => {
      const stored = await lockComuneSettings(tx, id);
      if (!stored) throw new AppError('NOT_FOUND', 'Comune non trovato.');
      if (retention === null) remove.push('retention', 'retentionMonths');
      else if (retention) {
        // The comune's own periods (the older retentionMonths counted as reporterContactMonths, and
        // written under the new name from now on), this change over them, nulls taken out.
        const merged: Record<string, number> = { ...ownRetentionOf(stored), ...retentionSet };
        for (const [key, value] of Object.entries(retention))
          if (value === null) delete merged[key];
        remove.push('retentionMonths');
        if (Object.keys(merged).length) values.retention = merged;
        else remove.push('retention');
      }
      await updateComuneSettings(tx, id, {
        name,
        mailFrom,
        settings: Object.keys(values).length ? values : undefined,
        remove,
      });
      // The notice citizens accept is versioned (sql/056): a new text is its next version.
      const notice = (values as { privacyNotice?: { it: string; en: string } | null })
        .privacyNotice;
      if (notice) await insertPrivacyNotice(tx, id, notice, null);
      await insertAudit(tx, id, {
        actorStaffId: null,
        action: 'platform.comune_update',
        target: `municipality:${id}`,
        details: { platformUser: operator.email, fields },
      });
    });
    // This process's registry re-reads the comuni at its next request, so the comune's services carry
    // the new settings at once (other processes within 30 s).
    comuniChanged();
    return (await findPlatformComune(this.pool, id))!;
  }

  /** `npm run comune:disable` / `comune:enable` from the API: public pages and API closed, data kept. */
  async setEnabled(
    platform: PlatformViewer | null | undefined,
    id: number,
    enabled: boolean,
  ): Promise<PlatformComuneRow> {
    const operator = requirePlatform(platform, false);
    const comune = await findPlatformComune(this.pool, id);
    if (!comune) throw new AppError('NOT_FOUND', 'Comune non trovato.');
    const { changed } = await (
      await comuneCommands()
    ).setComuneEnabled(this.pool, comune.istat_code, enabled);
    if (changed) {
      await insertAudit(this.pool, id, {
        actorStaffId: null,
        action: enabled ? 'platform.comune_enable' : 'platform.comune_disable',
        target: `municipality:${id}`,
        details: { platformUser: operator.email },
      });
      comuniChanged();
    }
    return (await findPlatformComune(this.pool, id))!;
  }

  /**
   * Grants a planner of one comune the analytics of other comuni (its own needs no grant); `granted`
   * replaces what it had. Only planners: an operator works one comune's tickets, never another's.
   */
  async setPlannerGrants(
    platform: PlatformViewer | null | undefined,
    municipalityId: number,
    email: string,
    granted: readonly number[],
  ): Promise<{ staffEmail: string; home: MunicipalityNameRow; granted: MunicipalityNameRow[] }> {
    const operator = requirePlatform(platform, false);
    const ids = [...new Set(granted)];
    const names = await municipalityNames(this.pool, [municipalityId, ...ids]);
    const home = names.find((n) => n.id === municipalityId);
    if (!home) throw new AppError('NOT_FOUND', 'Comune non trovato.', { field: 'municipalityId' });
    const unknown = ids.filter((id) => !names.some((n) => n.id === id));
    if (unknown.length)
      throw badInput('grantedMunicipalityIds', `Comuni sconosciuti: ${unknown.join(', ')}.`);
    const staff = await findStaffByEmail(this.pool, municipalityId, email.trim());
    if (!staff)
      throw new AppError('NOT_FOUND', 'Nessun account con questo indirizzo in quel comune.', {
        field: 'email',
      });
    if (staff.role !== 'planner')
      throw badInput('email', 'Solo un account con ruolo pianificatore può avere altri comuni.');
    await withTransaction(this.pool, async (tx) => {
      await replacePlannerGrants(tx, municipalityId, staff.id, ids);
      await insertAudit(tx, municipalityId, {
        actorStaffId: null,
        action: 'platform.planner_grants',
        target: `staff:${staff.id}`,
        details: {
          platformUser: operator.email,
          granted: ids.filter((id) => id !== municipalityId),
        },
      });
    });
    return {
      staffEmail: staff.email,
      home,
      granted: names.filter((n) => n.id !== municipalityId && ids.includes(n.id)),
    };
  }
}
