// The effective settings of one comune: its own values (municipality.mail_from, municipality.settings)
// win, the deployment's (MAIL_FROM, PUBLIC_URL, the defaults below) fill what it did not set. The one
// rule read by mails, pages, exports and analytics; one zod schema checks settings wherever they are
// written (comune:add's template, any update) and read (a bad stored value falls back, field by field).
import { z } from 'zod';
import type { Config } from '../config.js';
import { comuneBaseUrl } from '../domain/comune-url.js';
import { fillPrivacyNotice, type PrivacyFacts } from '../domain/privacy-notice.js';

const text = z.string().trim().min(1).max(20_000);

/** An image URL (http or https) or a path on this deployment (/assets/stemma.svg). */
const imageUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (v) => /^\/[^/]/.test(v) || /^https?:\/\/[^\s]+$/.test(v),
    'an http(s) URL or a path starting with /',
  );

export const PrivacyNoticeSchema = z.object({ it: text, en: text });
/** How to reach the comune's DPO (RPD), for the notice's {dpo}. */
const DpoContactSchema = z.string().trim().min(3).max(500);
/** Months a contact is kept after its ticket closed (retention). */
const ContactMonthsSchema = z.number().int().min(1).max(120);
/** The older name of retention.reporterContactMonths (`comune:settings --retention-months`). */
const RetentionMonthsSchema = ContactMonthsSchema;

export const SlaTargetsSchema = z.object({
  /** Share of reports to close within their category's SLA. */
  onTimeShare: z.number().gt(0).max(1),
  /** Hours within which a report should be acknowledged (presa in carico). */
  firstResponseHours: z.number().int().min(1).max(8760),
});

/** A sender as the municipality.mail_from check of sql/041 takes it: an address, or "Name <address>". */
export const MailFromSchema = z
  .string()
  .trim()
  .min(3)
  .max(300)
  .regex(/^[^\s@]+@[^\s@]+$|<[^\s@]+@[^\s@]+>$/, 'an e-mail address, or "Name <address>"');

/** When citizens' (and contractors') photos reach the public: at once, or once an operator approves each. */
export const CitizenPhotosSchema = z.enum(['after-approval', 'immediate']);

/**
 * How long personal data is kept (docs/privacy-masking-moderation-retention.md), per comune; the daily
 * retention job (server/services/retention.service.ts) applies it. Each field may be set alone.
 */
export const RetentionSchema = z
  .object({
    /** Months after a ticket is closed before its reporter's contact (and moderation originals) go. */
    reporterContactMonths: ContactMonthsSchema,
    /** Months after a ticket is closed before its supporters' addresses go. */
    supporterContactMonths: ContactMonthsSchema,
    /** Hours a photo no report used is kept. */
    unlinkedUploadHours: z.number().int().min(1).max(720),
    /** Hours a rate-limit counter (an HMAC of the client address or e-mail, never the address) is kept. */
    rateLimitHours: z.number().int().min(2).max(720),
    /** Years the audit log is kept; its e-mails are pseudonymised after reporterContactMonths. */
    auditYears: z.number().int().min(1).max(30),
    /** Months a confirmed alert subscription lasts (from its confirmation); the citizen may ask again. */
    alertSubscriptionMonths: ContactMonthsSchema,
  })
  .partial();

/** municipality.settings: every key optional (the deployment's default applies); other keys are kept. */
export const ComuneSettingsSchema = z
  .object({
    coatOfArms: imageUrl.nullable(),
    privacyNotice: PrivacyNoticeSchema.nullable(),
    dpoContact: DpoContactSchema.nullable(),
    retentionMonths: RetentionMonthsSchema.nullable(),
    slaTargets: SlaTargetsSchema,
    /** true: a citizen's report reaches the office and the public list only once its e-mail is confirmed. */
    reportConfirmation: z.boolean(),
    citizenPhotos: CitizenPhotosSchema,
    retention: RetentionSchema,
    /** true: a new report inside an active intervention's area, of a category it has, joins it as filed. */
    interventionAutoLink: z.boolean(),
  })
  .partial()
  .passthrough();

export type StoredComuneSettings = z.infer<typeof ComuneSettingsSchema>;
export type PrivacyNotice = z.infer<typeof PrivacyNoticeSchema>;
export type SlaTargets = z.infer<typeof SlaTargetsSchema>;
export type CitizenPhotos = z.infer<typeof CitizenPhotosSchema>;
export type Retention = Required<z.infer<typeof RetentionSchema>>;

/** The documented defaults (issue 15): what a comune that set nothing keeps, and for how long. */
export const DEFAULT_RETENTION: Retention = {
  reporterContactMonths: 12,
  supporterContactMonths: 6,
  unlinkedUploadHours: 24,
  rateLimitHours: 48,
  auditYears: 5,
  alertSubscriptionMonths: 12,
};

/** By default a citizen's photo waits for an operator: a face or a plate is not public by accident. */
export const DEFAULT_CITIZEN_PHOTOS: CitizenPhotos = 'after-approval';

/** The deployment's SLA targets for a comune that set none (those of seeds/templates/comune.default.json). */
export const DEFAULT_SLA_TARGETS: SlaTargets = { onTimeShare: 0.9, firstResponseHours: 48 };

/** What the rule reads of a comune: a municipality row, or the comune columns of a mail's row. */
export interface ComuneFacts {
  name: string;
  istat_code: string;
  host: string | null;
  mail_from?: string | null;
  settings?: unknown;
}

export interface ComuneSettings {
  name: string;
  istatCode: string;
  /** "Comune di Pietrasanta": in titles, signatures, subjects. */
  displayName: string;
  /** "Segnala – Comune di Pietrasanta": every page title. */
  title: string;
  /** Sender of every mail of the comune. */
  mailFrom: string;
  /** Base of its links (no trailing slash): PUBLIC_URL for the default comune, else /c/{istat} or its host. */
  baseUrl: string;
  coatOfArms: string | null;
  /**
   * The comune's own notice ({dpo} and {retention} filled from dpoContact and the retention periods,
   * see domain/privacy-notice.ts), or null: the app's default text, naming the comune.
   */
  privacyNotice: PrivacyNotice | null;
  dpoContact: string | null;
  /** The older name of retention.reporterContactMonths, as stored (that field, when set, wins). */
  retentionMonths: number | null;
  slaTargets: SlaTargets;
  /** A citizen's report waits for its reporter to confirm the e-mail (default false: one step). */
  reportConfirmation: boolean;
  /** Whether citizens' and contractors' photos are public at once or after an operator approves them. */
  citizenPhotos: CitizenPhotos;
  /** Retention periods, the comune's own over the defaults field by field. */
  retention: Retention;
  /** Lower-case ASCII name for file names: "forte-dei-marmi". */
  fileSlug: string;
}

export type SettingsConfig = Pick<Config, 'publicUrl' | 'mailFrom' | 'municipalityIstat'>;

/** Checks settings before they are written: the parsed value, or an error naming the first bad field. */
export function parseComuneSettings(value: unknown): StoredComuneSettings {
  const parsed = ComuneSettingsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`settings.${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** A stored value read leniently: each field that is missing or malformed takes the default. */
function storedField<T>(settings: unknown, key: string, schema: z.ZodType<T>): T | undefined {
  if (!settings || typeof settings !== 'object') return undefined;
  const raw = (settings as Record<string, unknown>)[key];
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The notice carried in settings (before versions, sql/056), or null. */
export function storedPrivacyNotice(settings: unknown): PrivacyNotice | null {
  return storedField(settings, 'privacyNotice', PrivacyNoticeSchema) ?? null;
}

export function mailAddressOf(mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1]?.trim() ?? mailFrom.trim();
}

/**
 * The sender of a comune's mails: its own mail_from; else MAIL_FROM with {name} filled in; else, for a
 * comune other than the default one, MAIL_FROM's address under the comune's name (MAIL_FROM's display
 * name would name another comune).
 */
export function senderOf(config: SettingsConfig, comune: ComuneFacts): string {
  const own = comune.mail_from?.trim();
  if (own) return own;
  if (config.mailFrom.includes('{name}')) return config.mailFrom.replaceAll('{name}', comune.name);
  if (comune.istat_code === config.municipalityIstat) return config.mailFrom;
  return `Comune di ${comune.name} – Segnala <${mailAddressOf(config.mailFrom)}>`;
}

export function fileSlugOf(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'comune'
  );
}

/**
 * The retention periods of a comune: its own `retention` over the defaults, field by field; the older
 * `retentionMonths`, when set, stands for reporterContactMonths unless `retention` sets that too.
 */
export function retentionOf(settings: unknown): Retention {
  const alias = storedField(settings, 'retentionMonths', RetentionMonthsSchema);
  return {
    ...DEFAULT_RETENTION,
    ...(alias ? { reporterContactMonths: alias } : {}),
    ...(storedField(settings, 'retention', RetentionSchema) ?? {}),
  };
}

/**
 * The retention periods a comune set itself (the defaults not filled in), read field by field: a
 * malformed field counts as unset. The older `retentionMonths` stands for reporterContactMonths unless
 * `retention` sets it. What the platform operator sees and merges a change into.
 */
export function ownRetentionOf(settings: unknown): Partial<Retention> {
  const own: Partial<Retention> = {};
  const alias = storedField(settings, 'retentionMonths', RetentionMonthsSchema);
  if (alias) own.reporterContactMonths = alias;
  const stored =
    settings && typeof settings === 'object'
      ? (settings as Record<string, unknown>).retention
      : undefined;
  if (stored && typeof stored === 'object')
    for (const key of Object.keys(DEFAULT_RETENTION) as (keyof Retention)[]) {
      const parsed = RetentionSchema.shape[key].safeParse((stored as Record<string, unknown>)[key]);
      if (parsed.success && parsed.data !== undefined) own[key] = parsed.data;
    }
  return own;
}

/**
 * Hours a comune keeps a photo no report used: its own `retention.unlinkedUploadHours`, else the
 * deployment's UPLOAD_UNLINKED_TTL_HOURS. The periodic cleaner and the retention job both ask here.
 */
export function unlinkedUploadHoursOf(settings: unknown, deploymentHours: number): number {
  return ownRetentionOf(settings).unlinkedUploadHours ?? deploymentHours;
}

/** What the notice's {dpo} and {retention} say for a comune (domain/privacy-notice.ts). */
export function privacyFactsOf(settings: unknown): PrivacyFacts {
  const retention = retentionOf(settings);
  return {
    dpoContact: storedField(settings, 'dpoContact', DpoContactSchema) ?? null,
    reporterContactMonths: retention.reporterContactMonths,
    supporterContactMonths: retention.supporterContactMonths,
  };
}

/** Whether new reports join a matching active intervention as they are filed (default false: only suggested). */
export function interventionAutoLinkOf(settings: unknown): boolean {
  return storedField(settings, 'interventionAutoLink', z.boolean()) ?? false;
}

/** The effective settings of a comune (see the header of this file). */
export function comuneSettings(config: SettingsConfig, comune: ComuneFacts): ComuneSettings {
  const displayName = `Comune di ${comune.name}`;
  const notice = storedField(comune.settings, 'privacyNotice', PrivacyNoticeSchema);
  const facts = privacyFactsOf(comune.settings);
  return {
    name: comune.name,
    istatCode: comune.istat_code,
    displayName,
    title: `Segnala – ${displayName}`,
    mailFrom: senderOf(config, comune),
    baseUrl: comuneBaseUrl(config.publicUrl, config.municipalityIstat, comune),
    coatOfArms: storedField(comune.settings, 'coatOfArms', imageUrl) ?? null,
    privacyNotice: notice
      ? {
          it: fillPrivacyNotice(notice.it, 'it', facts),
          en: fillPrivacyNotice(notice.en, 'en', facts),
        }
      : null,
    dpoContact: facts.dpoContact,
    retentionMonths: storedField(comune.settings, 'retentionMonths', RetentionMonthsSchema) ?? null,
    slaTargets: storedField(comune.settings, 'slaTargets', SlaTargetsSchema) ?? DEFAULT_SLA_TARGETS,
    reportConfirmation: storedField(comune.settings, 'reportConfirmation', z.boolean()) ?? false,
    citizenPhotos:
      storedField(comune.settings, 'citizenPhotos', CitizenPhotosSchema) ?? DEFAULT_CITIZEN_PHOTOS,
    retention: retentionOf(comune.settings),
    fileSlug: fileSlugOf(comune.name),
  };
}
