// Wires the use cases of one municipality to one database pool. The GraphQL context and the HTTP
// routes get this object; tests build it on a test database.
import type pg from 'pg';
import type { Config } from '../config.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import { AnalyticsService } from './analytics.service.js';
import { ApiTokenService } from './api-token.service.js';
import { AuthService } from './auth.service.js';
import { BulkService } from './bulk.service.js';
import { AttachmentService } from './attachment.service.js';
import { ExportService } from './export.service.js';
import { AdminService } from './admin.service.js';
import { AlertService } from './alert.service.js';
import { CannedReplyService } from './canned-reply.service.js';
import { AuditService } from './audit.service.js';
import { CatalogService } from './catalog.service.js';
import { CategoryQuestionService } from './category-question.service.js';
import { ContractorPageService } from './contractor-page.service.js';
import { ContractorService } from './contractor.service.js';
import { DuplicateService } from './duplicate.service.js';
import { InboxService } from './inbox.service.js';
import { InviteService } from './invite.service.js';
import { StaffTicketService } from './staff-ticket.service.js';
import { ModerationService } from './moderation.service.js';
import { WorkflowService } from './workflow.service.js';
import { JoinService } from './join.service.js';
import { PublicTicketService } from './public-ticket.service.js';
import { Open311Service } from './open311.service.js';
import { PlatformService } from './platform.service.js';
import { ReportService } from './report.service.js';
import { StreetService } from './street.service.js';
import { TerritoryService } from './territory.service.js';
import { UnsubscribeService } from './unsubscribe.service.js';
import { comuneSettings } from './comune-settings.js';
import { ConfirmationService } from './confirmation.service.js';
import { DataSubjectService } from './data-subject.service.js';
import { ResolutionFeedbackService } from './resolution-feedback.service.js';
import { PrivacyNoticeService } from './privacy-notice.service.js';
import { WebhookService } from './webhook.service.js';
import { InterventionService } from './intervention.service.js';
import { InterventionPlanService } from './intervention-plan.service.js';

export interface ServiceDeps {
  pool: pg.Pool;
  /** ANALYTICS_DATABASE_URL's pool (read-only, a standby) for planner queries and exports; default `pool`. */
  analyticsPool?: pg.Pool;
  config: Config;
  municipality: MunicipalityRow;
}

export function createServices(deps: ServiceDeps) {
  const { pool, municipality } = deps;
  const analyticsPool = deps.analyticsPool ?? pool;
  const auth = new AuthService(pool, deps.config, municipality.id);
  const workflow = new WorkflowService(pool, deps.config, municipality.id);
  const territory = new TerritoryService(pool, deps.config);
  const attachments = new AttachmentService(pool, deps.config, municipality.id);
  const comune = comuneSettings(deps.config, municipality);
  const questions = new CategoryQuestionService(pool, municipality.id);
  const reports = new ReportService(pool, deps.config, municipality, territory, questions);
  const publicTickets = new PublicTicketService(pool, municipality.id, deps.config.citus);
  const joins = new JoinService(pool, deps.config, municipality);
  const dataSubject = new DataSubjectService(pool, deps.config, municipality);
  const alerts = new AlertService(pool, deps.config, municipality);
  const analytics = new AnalyticsService(analyticsPool, municipality);
  const interventions = new InterventionService(pool, deps.config, municipality.id);
  return {
    deps,
    /** The comune's effective settings: name, sender, base URL, coat of arms, privacy notice, SLA targets. */
    comune,
    auth,
    apiTokens: new ApiTokenService(pool, municipality.id),
    inbox: new InboxService(pool, municipality.id),
    staffTickets: new StaffTicketService(pool, municipality.id),
    workflow,
    moderation: new ModerationService(pool, deps.config, municipality.id, workflow),
    bulk: new BulkService(pool, deps.config, municipality.id, workflow),
    duplicates: new DuplicateService(pool, deps.config, municipality.id, workflow),
    audit: new AuditService(pool, municipality.id),
    admin: new AdminService(pool, municipality.id),
    cannedReplies: new CannedReplyService(pool, municipality.id),
    catalog: new CatalogService(pool, municipality.id),
    /** Category questions (the form, Open311 attributes) and the answers of tickets. */
    questions,
    analytics,
    /** Interventi: planned, costed work that closes the tickets it covers (docs/interventions.md). */
    interventions,
    /** Intervention candidates, budget plans, unit costs per category. */
    interventionPlans: new InterventionPlanService(
      pool,
      analyticsPool,
      municipality.id,
      analytics,
      interventions,
    ),
    // The audit row of an export is a write: it goes to the primary, the rows come from the replica.
    exports: new ExportService(pool, analyticsPool, municipality),
    streets: new StreetService(pool, municipality.id, (point) =>
      territory.outside(municipality, point),
    ),
    publicTickets,
    territory,
    reports,
    joins,
    dataSubject,
    /** Alert subscriptions: subscribeAlerts, their confirmation and /avvisi/disiscrizione/:token. */
    alerts,
    /** The links of /conferma/:token: joins, held reports, alerts, data copies, erasures (email_confirmation). */
    confirmations: new ConfirmationService(
      pool,
      municipality.id,
      joins,
      reports,
      dataSubject,
      alerts,
    ),
    privacyNotices: new PrivacyNoticeService(pool, municipality),
    /** Open311 GeoReport v2 (server/http/open311.routes.ts). */
    open311: new Open311Service(pool, municipality.id, questions, reports, publicTickets),
    attachments,
    contractors: new ContractorService(pool, deps.config, municipality.id),
    contractorPages: new ContractorPageService(
      pool,
      deps.config,
      municipality.id,
      attachments,
      // Read from the row at each photo, as ReportService does: the registry refreshes the default
      // comune's settings in place.
      () => comuneSettings(deps.config, municipality).citizenPhotos === 'immediate',
    ),
    unsubscribe: new UnsubscribeService(pool, municipality.id),
    /** "Non è risolto" reopen requests and satisfaction ratings of resolved reports. */
    feedback: new ResolutionFeedbackService(pool, deps.config, municipality.id),
    invites: new InviteService(pool, municipality.id),
    webhooks: new WebhookService(pool, deps.config, municipality.id),
    /** The deployment's, not this comune's: the same in every comune's Services. */
    platform: new PlatformService(pool, deps.config),
  };
}

export type Services = ReturnType<typeof createServices>;
