// GraphQL types of the platform operator (the comuni of the deployment) and of the comuni a
// sovracomunale planner reads. None of them carries a ticket or a citizen.
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type {
  MunicipalityNameRow,
  PlatformComuneRow,
  PlatformUserRow,
} from '../db/platform.queries.js';
import { ownRetentionOf } from '../services/comune-settings.js';
import { PrivacyNotice, SlaTargets } from './municipality.type.js';

/** settings.citizenPhotos: the values are the stored ones (server/services/comune-settings.ts). */
export enum CitizenPhotosPolicy {
  AFTER_APPROVAL = 'after-approval',
  IMMEDIATE = 'immediate',
}

registerEnumType(CitizenPhotosPolicy, {
  name: 'CitizenPhotosPolicy',
  description: "When citizens' and contractors' photos of a comune reach the public.",
  valuesConfig: {
    AFTER_APPROVAL: { description: 'Once an operator approves each (the default).' },
    IMMEDIATE: { description: 'At once, with the report.' },
  },
});

@ObjectType({ description: 'A comune by name: what a planner may pick in filter.municipalityIds.' })
export class MunicipalitySummary {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'ISTAT code, six digits.' }) istatCode!: string;
  @Field(() => String) name!: string;
}

export function toMunicipalitySummary(row: MunicipalityNameRow): MunicipalitySummary {
  return { id: String(row.id), istatCode: row.istat_code, name: row.name };
}

@ObjectType({ description: 'An operator of the deployment (not staff of a comune).' })
export class PlatformOperator {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) name!: string;
}

export function toPlatformOperator(row: PlatformUserRow): PlatformOperator {
  return { id: String(row.id), email: row.email, name: row.name };
}

@ObjectType({ description: 'A successful platform login; the platform session cookie is set too.' })
export class PlatformLoginPayload {
  @Field(() => String, { description: 'Bearer JWT (audience segnala:platform), short-lived.' })
  token!: string;
  @Field(() => GraphQLDateTime) expiresAt!: Date;
  @Field(() => PlatformOperator) operator!: PlatformOperator;
}

@ObjectType({
  description:
    "A comune's own retention periods (docs/privacy-masking-moderation-retention.md); null: the default.",
})
export class RetentionSettings {
  @Field(() => Int, {
    nullable: true,
    description: "Months after closure a reporter's contact is kept (12).",
  })
  reporterContactMonths!: number | null;
  @Field(() => Int, {
    nullable: true,
    description: "Months after closure supporters' addresses are kept (6).",
  })
  supporterContactMonths!: number | null;
  @Field(() => Int, { nullable: true, description: 'Hours a photo no report used is kept (24).' })
  unlinkedUploadHours!: number | null;
  @Field(() => Int, { nullable: true, description: 'Hours a rate-limit counter is kept (48).' })
  rateLimitHours!: number | null;
  @Field(() => Int, { nullable: true, description: 'Years the audit log is kept (5).' })
  auditYears!: number | null;
}

@ObjectType({ description: "A comune's own settings (municipality.settings); null where unset." })
export class ComuneSettings {
  @Field(() => String, { nullable: true, description: 'Image URL of the coat of arms.' })
  coatOfArms!: string | null;
  @Field(() => PrivacyNotice, { nullable: true }) privacyNotice!: PrivacyNotice | null;
  @Field(() => SlaTargets, { nullable: true }) slaTargets!: SlaTargets | null;
  @Field(() => String, {
    nullable: true,
    description: "How to reach the comune's DPO (RPD), for the privacy notice's {dpo}.",
  })
  dpoContact!: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'True: a report reaches the office once its reporter confirms the e-mail.',
  })
  reportConfirmation!: boolean | null;
  @Field(() => CitizenPhotosPolicy, { nullable: true }) citizenPhotos!: CitizenPhotosPolicy | null;
  @Field(() => RetentionSettings, {
    description: 'The retention periods the comune set; null fields take the defaults.',
  })
  retention!: RetentionSettings;
}

@ObjectType({ description: 'A comune of the deployment as its platform operator sees it.' })
export class PlatformComune {
  @Field(() => ID) id!: string;
  @Field(() => String) istatCode!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The alias of its URLs (/pietrasanta/).' }) alias!: string;
  @Field(() => String, { nullable: true }) host!: string | null;
  @Field(() => Boolean, { description: 'False: its pages and API are closed, its data kept.' })
  enabled!: boolean;
  @Field(() => Boolean) demo!: boolean;
  @Field(() => String, { nullable: true, description: 'Sender of its mails; null: MAIL_FROM.' })
  mailFrom!: string | null;
  @Field(() => ComuneSettings) settings!: ComuneSettings;
  @Field(() => Int) offices!: number;
  @Field(() => Int) categories!: number;
  @Field(() => Int) streets!: number;
  @Field(() => Int, { description: 'Staff accounts (their names and addresses are not shown).' })
  staffAccounts!: number;
}

const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

export function toPlatformComune(row: PlatformComuneRow): PlatformComune {
  const s = row.settings ?? {};
  const notice = obj(s.privacyNotice);
  const sla = obj(s.slaTargets);
  return {
    id: String(row.id),
    istatCode: row.istat_code,
    name: row.name,
    alias: row.slug,
    host: row.host,
    enabled: row.enabled,
    demo: row.demo,
    mailFrom: row.mail_from,
    settings: {
      coatOfArms: typeof s.coatOfArms === 'string' ? s.coatOfArms : null,
      privacyNotice:
        notice && typeof notice.it === 'string' && typeof notice.en === 'string'
          ? { it: notice.it, en: notice.en }
          : null,
      slaTargets:
        sla && typeof sla.onTimeShare === 'number' && typeof sla.firstResponseHours === 'number'
          ? { onTimeShare: sla.onTimeShare, firstResponseHours: sla.firstResponseHours }
          : null,
      dpoContact: typeof s.dpoContact === 'string' ? s.dpoContact : null,
      reportConfirmation: typeof s.reportConfirmation === 'boolean' ? s.reportConfirmation : null,
      citizenPhotos: (Object.values(CitizenPhotosPolicy) as unknown[]).includes(s.citizenPhotos)
        ? (s.citizenPhotos as CitizenPhotosPolicy)
        : null,
      retention: {
        reporterContactMonths: null,
        supporterContactMonths: null,
        unlinkedUploadHours: null,
        rateLimitHours: null,
        auditYears: null,
        ...ownRetentionOf(s),
      },
    },
    offices: row.offices,
    categories: row.categories,
    streets: row.streets,
    staffAccounts: row.staff,
  };
}

@ObjectType()
export class AddComunePayload {
  @Field(() => Boolean, {
    description: 'False when the comune was there already (nothing changed).',
  })
  created!: boolean;
  @Field(() => PlatformComune) comune!: PlatformComune;
  @Field(() => String, {
    nullable: true,
    description:
      'The first admin, invited by mail to choose a password (the link is only in the mail).',
  })
  adminEmail!: string | null;
}

@ObjectType({ description: "A planner's comuni besides its own." })
export class PlannerGrants {
  @Field(() => String) email!: string;
  @Field(() => MunicipalitySummary, { description: 'The comune the planner is staff of.' })
  municipality!: MunicipalitySummary;
  @Field(() => [MunicipalitySummary]) granted!: MunicipalitySummary[];
}

@InputType()
export class PrivacyNoticeInput {
  @Field(() => String) it!: string;
  @Field(() => String) en!: string;
}

@InputType()
export class SlaTargetsInput {
  @Field(() => Float) onTimeShare!: number;
  @Field(() => Int) firstResponseHours!: number;
}

@InputType({
  description:
    'Retention periods to change: a number sets one, null takes its default again, an omitted field stays.',
})
export class RetentionInput {
  @Field(() => Int, { nullable: true, description: '1–120 months.' })
  reporterContactMonths?: number | null;
  @Field(() => Int, { nullable: true, description: '1–120 months.' })
  supporterContactMonths?: number | null;
  @Field(() => Int, { nullable: true, description: '1–720 hours.' })
  unlinkedUploadHours?: number | null;
  @Field(() => Int, { nullable: true, description: '2–720 hours.' })
  rateLimitHours?: number | null;
  @Field(() => Int, { nullable: true, description: '1–30 years.' })
  auditYears?: number | null;
}

@InputType({ description: 'What to change in a comune; omitted fields stay as they are.' })
export class UpdateComuneInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Sender, "Comune di X <segnala@comune.x.it>"; null goes back to MAIL_FROM.',
  })
  mailFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'Image URL; null removes it.' })
  coatOfArms?: string | null;
  @Field(() => PrivacyNoticeInput, { nullable: true }) privacyNotice?: PrivacyNoticeInput | null;
  @Field(() => SlaTargetsInput, { nullable: true }) slaTargets?: SlaTargetsInput | null;
  @Field(() => String, {
    nullable: true,
    description: "The DPO's contact (3–500 characters); null: the notice's default wording.",
  })
  dpoContact?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Reports wait for the reporter to confirm the e-mail; null: the default (false).',
  })
  reportConfirmation?: boolean | null;
  @Field(() => CitizenPhotosPolicy, {
    nullable: true,
    description: 'null: the default (AFTER_APPROVAL).',
  })
  citizenPhotos?: CitizenPhotosPolicy | null;
  @Field(() => RetentionInput, { nullable: true, description: 'null: every default again.' })
  retention?: RetentionInput | null;
}
