// Object-level authorization of every staff query and mutation, across two offices. The table must
// list exactly the operations marked staff-only in the schema (plus any returning staff types), so a
// new operation without a row fails here instead of being skipped silently.
import type { GraphQLSchema } from 'graphql';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformViewer } from '../../server/domain/platform.js';
import type { Viewer } from '../../server/domain/viewer.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import type { Services } from '../../server/services/services.js';
import { categoryId } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  createGql,
  createPlatformOperator,
  createStaff,
  errorCode,
  insertTicket,
  officeId,
  type GqlResult,
} from '../helpers/staff-fixtures.js';
import { startTestApp } from '../helpers/graphql.js';
import { staffOperations } from '../helpers/staff-operations.js';

// platform: a platform operator, not staff of the comune: no staff operation lets it in.
type Actor = 'anonymous' | 'operatorA' | 'operatorB' | 'planner' | 'admin' | 'platform';
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';
interface Fixture {
  ticket: { id: number; code: string };
  /** A photo of the ticket (setPhotoPublic's fixture only). */
  photoId?: string;
  other: { id: number };
  tokenId: string;
  officeB: number;
  /** A webhook of the comune and one delivery of it (the webhook rows' fixture only). */
  webhookId?: string;
  deliveryId?: string;
  /** An intervention of office A holding `other` (the intervention rows' fixture only). */
  interventionId?: string;
  /** A pending "non è risolto" on the resolved ticket (the reopen-request rows' fixture only). */
  reopenRequestId?: string;
}
interface Row {
  run: (viewer: Viewer | PlatformViewer | null, fx: Fixture) => Promise<GqlResult>;
  expect: Record<Actor, Outcome>;
  touchesTicket: boolean;
  check?: (actor: Actor, r: GqlResult, fx: Fixture) => void;
}

const READ: Record<Actor, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  operatorA: 'ok',
  operatorB: 'FORBIDDEN',
  planner: 'ok',
  admin: 'ok',
  platform: 'UNAUTHENTICATED',
};
const WRITE: Record<Actor, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  operatorA: 'ok',
  operatorB: 'FORBIDDEN',
  planner: 'FORBIDDEN',
  admin: 'ok',
  platform: 'UNAUTHENTICATED',
};
const ADMIN: Record<Actor, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  operatorA: 'FORBIDDEN',
  operatorB: 'FORBIDDEN',
  planner: 'FORBIDDEN',
  admin: 'ok',
  platform: 'UNAUTHENTICATED',
};
const PLANNING: Record<Actor, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  operatorA: 'FORBIDDEN',
  operatorB: 'FORBIDDEN',
  planner: 'ok',
  admin: 'ok',
  platform: 'UNAUTHENTICATED',
};
const ANY_STAFF: Record<Actor, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  operatorA: 'ok',
  operatorB: 'ok',
  planner: 'ok',
  admin: 'ok',
  platform: 'UNAUTHENTICATED',
};
// The platform operator's operations: nobody of the comune, whatever the role.
const PLATFORM: Record<Actor, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  operatorA: 'FORBIDDEN',
  operatorB: 'FORBIDDEN',
  planner: 'FORBIDDEN',
  admin: 'FORBIDDEN',
  platform: 'ok',
};

/** Operators of any office (a desk takes any report; any operator may pick a contractor) and admins. */
const STAFF_WRITE: Record<Actor, Outcome> = { ...WRITE, operatorB: 'ok' };

let db: TestDatabase;
let contractorId = 0;
let schema: GraphQLSchema;
let gql: ReturnType<typeof createGql>;
const viewers = {} as Record<Exclude<Actor, 'platform'>, Viewer | null> & {
  platform: PlatformViewer;
};
let spare: Viewer;
let created = 0;
let officeA = 0;
let planStreet = 0;
let potholeCategory = 0;

/** The rows that act on an existing intervention. */
const INTERVENTION_FIXTURE_OPS = new Set([
  'intervention',
  'scheduleIntervention',
  'startIntervention',
  'completeIntervention',
  'cancelIntervention',
  'rescheduleIntervention',
  'linkInterventionTickets',
  'unlinkInterventionTickets',
]);

/** An intervention state move on the fixture's intervention, at `version`. */
const interventionMove =
  (field: string, args: string, version = 1) =>
  (v: Viewer | PlatformViewer | null, fx: Fixture) =>
    gql(
      v,
      `mutation($i: ID!) { ${field}(id: $i, version: ${version}${args}) { intervention { id version } } }`,
      { i: fx.interventionId },
    );
/**
 * Points 120 m apart inside the comune, one per fixture: tickets piled on one spot would make every insert
 * recount hundreds of neighbours within the duplicate radius (ticket_nearby), as no real comune does.
 */
let spots: { lon: number; lat: number }[] = [];

const mut = (field: string, args: string) => (v: Viewer | PlatformViewer | null, fx: Fixture) => {
  const all = { id: String(fx.ticket.id), other: String(fx.other.id), officeB: String(fx.officeB) };
  const used = Object.keys(all).filter((k) => args.includes(`$${k}`)) as (keyof typeof all)[];
  const decl = used.map((k) => `$${k}: ID!`).join(', ');
  return gql(
    v,
    `mutation(${decl}) { ${field}(${args}) { ticket { id version } } }`,
    Object.fromEntries(used.map((k) => [k, all[k]])),
  );
};

const TABLE: Record<string, Row> = {
  inbox: {
    // The first page shows the office scoping; the fixture ticket is looked up by its code, as the
    // first page need not hold it once other tests have filed theirs.
    run: (v, fx) =>
      gql(
        v,
        `query($c: String!) { inbox(first: 100) { totalCount edges { node { id office { code } reporter { email } } } }
           byCode: inbox(filter: { text: $c }) { edges { node { id } } } }`,
        { c: fx.ticket.code },
      ),
    expect: ANY_STAFF,
    touchesTicket: false,
    check: (actor, r, fx) => {
      type Page = {
        edges: {
          node: { id: string; office: { code: string }; reporter: { email: string } | null };
        }[];
      };
      const nodes = (r.data!.inbox as Page).edges.map((e) => e.node);
      const ids = (r.data!.byCode as Page).edges.map((e) => Number(e.node.id));
      if (actor === 'operatorB') expect(ids).toEqual([]);
      else expect(ids).toEqual([fx.ticket.id]);
      expect(nodes.length).toBeGreaterThan(0);
      if (actor === 'operatorA')
        expect(nodes.every((n) => n.office.code === 'lavori_pubblici')).toBe(true);
      if (actor === 'planner') expect(nodes.every((n) => n.reporter === null)).toBe(true);
    },
  },
  staffTicket: {
    run: (v, fx) =>
      gql(
        v,
        'query($id: ID!) { staffTicket(id: $id) { id version reporter { email name phone } events { kind } answers { text } } }',
        { id: String(fx.ticket.id) },
      ),
    expect: READ,
    touchesTicket: false,
    check: (actor, r) => {
      const reporter = (r.data!.staffTicket as { reporter: { email: string } | null }).reporter;
      if (actor === 'planner') expect(reporter).toBeNull();
      else expect(reporter!.email).toMatch(/@example\.org$/);
    },
  },
  inboxCounts: {
    // An operator counts its own offices' tickets only: the fixture ticket (office A) by its code.
    run: (v, fx) =>
      gql(v, 'query($c: String!) { inboxCounts(filter: { text: $c }) { total } }', {
        c: fx.ticket.code,
      }),
    expect: ANY_STAFF,
    touchesTicket: false,
    check: (actor, r) => {
      const total = (r.data!.inboxCounts as { total: number }).total;
      expect(total).toBe(actor === 'operatorB' ? 0 : 1);
    },
  },
  inboxPoints: {
    // The map of the inbox: an operator's own offices only, as in the list (the fixture ticket by its code).
    run: (v, fx) =>
      gql(
        v,
        'query($c: String!) { inboxPoints(filter: { text: $c }) { truncated points { id code } } }',
        { c: fx.ticket.code },
      ),
    expect: ANY_STAFF,
    touchesTicket: false,
    check: (actor, r, fx) => {
      const { points } = r.data!.inboxPoints as { points: { id: string }[] };
      expect(points.map((p) => Number(p.id))).toEqual(actor === 'operatorB' ? [] : [fx.ticket.id]);
    },
  },
  colleagues: {
    // Operators see the operators of their own offices only.
    run: (v) => gql(v, '{ colleagues { email } }'),
    expect: { ...WRITE, operatorB: 'ok' },
    touchesTicket: false,
    check: (actor, r) => {
      const emails = (r.data!.colleagues as { email: string }[]).map((c) => c.email);
      if (actor === 'operatorB') expect(emails).not.toContain('op.a@example.org');
      else expect(emails).toContain('op.a@example.org');
    },
  },
  bulkUpdateTickets: {
    // Planners and anonymous callers are refused as a whole; an operator of another office gets a
    // per-ticket FORBIDDEN and the ticket stays as it was.
    run: (v, fx) =>
      gql(
        v,
        'mutation($id: ID!) { bulkUpdateTickets(ids: [$id], versions: [1], action: { kind: SET_PRIORITY, priority: 1 }) { id ok code } }',
        { id: String(fx.ticket.id) },
      ),
    expect: { ...WRITE, operatorB: 'ok' },
    touchesTicket: true,
    check: (actor, r, fx) => {
      const [result] = r.data!.bulkUpdateTickets as { id: string; ok: boolean; code: string }[];
      if (actor === 'operatorB')
        expect(result).toEqual({ id: String(fx.ticket.id), ok: false, code: 'FORBIDDEN' });
      else expect(result).toEqual({ id: String(fx.ticket.id), ok: true, code: null });
    },
  },
  overdueTickets: {
    run: (v) => gql(v, '{ overdueTickets { totalCount } }'),
    expect: ADMIN,
    touchesTicket: false,
  },
  auditLog: {
    run: (v) => gql(v, '{ auditLog(first: 5) { totalCount edges { node { action } } } }'),
    expect: ADMIN,
    touchesTicket: false,
  },
  // Rights of the data subject and the privacy notice (issue 15): admins only.
  privacyRequests: {
    run: (v) =>
      gql(v, '{ privacyRequests(first: 5) { totalCount edges { node { id kind state } } } }'),
    expect: ADMIN,
    touchesTicket: false,
  },
  privacyNotices: {
    run: (v) => gql(v, '{ privacyNotices { version } }'),
    expect: ADMIN,
    touchesTicket: false,
  },
  publishPrivacyNotice: {
    run: (v) =>
      gql(v, 'mutation { publishPrivacyNotice(it: "Informativa.", en: "Notice.") { version } }'),
    expect: ADMIN,
    touchesTicket: false,
  },
  apiTokens: {
    run: (v) => gql(v, '{ apiTokens { id } }'),
    expect: ANY_STAFF,
    touchesTicket: false,
  },
  createApiToken: {
    run: (v) =>
      gql(v, 'mutation { createApiToken(name: "t", scopes: ["tickets:read"]) { token } }'),
    expect: ANY_STAFF,
    touchesTicket: false,
  },
  revokeApiToken: {
    run: (v, fx) =>
      gql(v, 'mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: fx.tokenId }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      operatorA: 'ok',
      operatorB: 'FORBIDDEN',
      planner: 'FORBIDDEN',
      admin: 'ok',
      platform: 'UNAUTHENTICATED',
    },
    touchesTicket: false,
  },
  webhooks: {
    run: (v) => gql(v, '{ webhooks { id url } }'),
    expect: ADMIN,
    touchesTicket: false,
  },
  webhookDeliveries: {
    run: (v, fx) =>
      gql(v, 'query($w: ID!) { webhookDeliveries(webhookId: $w, first: 5) { totalCount } }', {
        w: fx.webhookId,
      }),
    expect: ADMIN,
    touchesTicket: false,
  },
  createWebhook: {
    // A public address written as an IP: accepted without a DNS lookup (no network in tests).
    run: (v) =>
      gql(
        v,
        'mutation { createWebhook(input: { url: "https://93.184.216.34/hook", events: ["ticket.created"] }) { secret } }',
      ),
    expect: ADMIN,
    touchesTicket: false,
  },
  deleteWebhook: {
    run: (v, fx) =>
      gql(v, 'mutation($id: ID!) { deleteWebhook(id: $id) { id } }', { id: fx.webhookId }),
    expect: ADMIN,
    touchesTicket: false,
  },
  pauseWebhook: {
    run: (v, fx) =>
      gql(v, 'mutation($id: ID!) { pauseWebhook(id: $id) { id } }', { id: fx.webhookId }),
    expect: ADMIN,
    touchesTicket: false,
  },
  resumeWebhook: {
    run: (v, fx) =>
      gql(v, 'mutation($id: ID!) { resumeWebhook(id: $id) { id } }', { id: fx.webhookId }),
    expect: ADMIN,
    touchesTicket: false,
  },
  redeliverWebhook: {
    run: (v, fx) =>
      gql(v, 'mutation($d: ID!) { redeliverWebhook(deliveryId: $d) { id } }', {
        d: fx.deliveryId,
      }),
    expect: ADMIN,
    touchesTicket: false,
  },
  acknowledgeTicket: {
    run: mut('acknowledgeTicket', 'id: $id, version: 1'),
    expect: WRITE,
    touchesTicket: true,
  },
  startWork: { run: mut('startWork', 'id: $id, version: 1'), expect: WRITE, touchesTicket: true },
  resolveTicket: {
    run: mut('resolveTicket', 'id: $id, version: 1, note: "Fatto"'),
    expect: WRITE,
    touchesTicket: true,
  },
  rejectTicket: {
    run: mut('rejectTicket', 'id: $id, version: 1, reason: NOT_A_FAULT, note: "No"'),
    expect: WRITE,
    touchesTicket: true,
  },
  reopenTicket: {
    run: mut('reopenTicket', 'id: $id, version: 1'),
    expect: WRITE,
    touchesTicket: true,
  },
  setPriority: {
    run: mut('setPriority', 'id: $id, version: 1, priority: 1'),
    expect: WRITE,
    touchesTicket: true,
  },
  reassignTicket: {
    run: mut('reassignTicket', 'id: $id, version: 1, officeId: $officeB'),
    expect: WRITE,
    touchesTicket: true,
  },
  markDuplicate: {
    run: mut('markDuplicate', 'id: $id, version: 1, originalId: $other'),
    expect: WRITE,
    touchesTicket: true,
  },
  addNote: { run: mut('addNote', 'id: $id, text: "nota"'), expect: WRITE, touchesTicket: true },
  assignTicket: {
    // To operator A of the ticket's office (an operator assigning to itself is told by no mail).
    run: (v, fx) =>
      gql(
        v,
        'mutation($id: ID!, $a: ID!) { assignTicket(id: $id, version: 1, assigneeId: $a) { ticket { id version assignee { id } } } }',
        { id: String(fx.ticket.id), a: String(viewers.operatorA!.staffId) },
      ),
    expect: WRITE,
    touchesTicket: true,
  },
  setPhotoPublic: {
    run: (v, fx) =>
      gql(
        v,
        'mutation($id: ID!, $p: ID!) { setPhotoPublic(id: $id, attachmentId: $p, public: false) { ticket { id version } } }',
        { id: String(fx.ticket.id), p: fx.photoId ?? '00000000-0000-0000-0000-000000000000' },
      ),
    expect: WRITE,
    touchesTicket: true,
  },
  // A reporter's "non è risolto" (issue 14): the ticket's office and admins answer it.
  acceptReopenRequest: {
    run: (v, fx) =>
      gql(v, 'mutation($id: ID!) { acceptReopenRequest(id: $id) { id state } }', {
        id: fx.reopenRequestId,
      }),
    expect: WRITE,
    touchesTicket: true,
  },
  declineReopenRequest: {
    run: (v, fx) =>
      gql(
        v,
        'mutation($id: ID!) { declineReopenRequest(id: $id, reason: "Il sopralluogo ha trovato la buca chiusa.") { id state } }',
        { id: fx.reopenRequestId },
      ),
    expect: WRITE,
    touchesTicket: true,
  },
  // Moderation (issue 15): the ticket's office and admins.
  moderateTicket: {
    run: (v, fx) =>
      gql(
        v,
        'mutation($id: ID!) { moderateTicket(id: $id, version: 1, publicTitle: "Buca moderata", publicDescription: "Testo pubblico moderato", reason: "personal_data") { ticket { id version publicDescription } } }',
        { id: String(fx.ticket.id) },
      ),
    expect: WRITE,
    touchesTicket: true,
  },
  setAttachmentPublic: {
    run: (v, fx) =>
      gql(
        v,
        'mutation($p: ID!) { setAttachmentPublic(id: $p, public: true) { ticket { id version } } }',
        { p: fx.photoId ?? '00000000-0000-0000-0000-000000000000' },
      ),
    expect: WRITE,
    touchesTicket: true,
  },
  // Canned replies: every member of staff reads them (no office), admins keep them.
  cannedReplies: {
    run: (v) => gql(v, '{ cannedReplies { id title } }'),
    expect: ANY_STAFF,
    touchesTicket: false,
  },
  createCannedReply: {
    run: (v) =>
      gql(
        v,
        'mutation { createCannedReply(input: { title: "Fatto", textIt: "Lavoro eseguito.", textEn: "Work done.", phase: IN_PROGRESS }) { id version } }',
      ),
    expect: ADMIN,
    touchesTicket: false,
  },
  updateCannedReply: {
    run: async (v) =>
      gql(
        v,
        'mutation($id: ID!) { updateCannedReply(id: $id, version: 1, input: { title: "Nuovo", textIt: "Testo.", textEn: "Text." }) { id version } }',
        { id: await newReply() },
      ),
    expect: ADMIN,
    touchesTicket: false,
  },
  deleteCannedReply: {
    run: async (v) =>
      gql(v, 'mutation($id: ID!) { deleteCannedReply(id: $id) }', { id: await newReply() }),
    expect: ADMIN,
    touchesTicket: false,
  },
  // Category questions (issue 14 part 3): admins only.
  setCategoryQuestions: {
    run: async (v) => {
      const { rows } = await db.pool.query(
        `select id from category where municipality_id = $1 and code = 'arredo_urbano'`,
        [db.municipality.id],
      );
      return gql(
        v,
        'mutation($c: ID!) { setCategoryQuestions(categoryId: $c, questions: [{ code: "quanti", label: "Quanti?", labelEn: "How many?", type: NUMBER, required: false }]) { id code } }',
        { c: String(rows[0].id) },
      );
    },
    expect: ADMIN,
    touchesTicket: false,
  },
  // Reports taken by staff and external contractors (issue 12, parts 5 and 6).
  createStaffReport: {
    run: async (v) => {
      const { rows } = await db.pool.query(
        `select c.id, st_x(p) as lon, st_y(p) as lat from category c, municipality m,
           lateral (select st_pointonsurface(m.boundary) as p) q
         where c.municipality_id = $1 and m.id = $1 and c.code = 'buca_stradale'`,
        [db.municipality.id],
      );
      return gql(
        v,
        `mutation($input: StaffReportInput!) { createStaffReport(input: $input) { ticket { code channel } } }`,
        {
          input: {
            categoryId: String(rows[0].id),
            location: { lon: rows[0].lon, lat: rows[0].lat },
            title: 'Telefonata',
            description: 'Segnalazione raccolta al telefono.',
            channel: 'PHONE',
          },
        },
      );
    },
    expect: STAFF_WRITE,
    touchesTicket: false,
  },
  contractors: {
    run: (v) => gql(v, '{ contractors { id name } }'),
    expect: STAFF_WRITE,
    touchesTicket: false,
  },
  saveContractor: {
    run: (v) =>
      gql(
        v,
        'mutation($n: String!) { saveContractor(input: { name: $n, email: "ditta@example.org" }) { id } }',
        { n: `Ditta ${++created}` },
      ),
    expect: ADMIN,
    touchesTicket: false,
  },
  setContractorDisabled: {
    run: (v) =>
      gql(v, 'mutation($id: ID!) { setContractorDisabled(id: $id, disabled: false) { id } }', {
        id: String(contractorId),
      }),
    expect: ADMIN,
    touchesTicket: false,
  },
  forwardToContractor: {
    run: (v, fx) =>
      mut('forwardToContractor', `id: $id, version: 1, contractorId: "${contractorId}"`)(v, fx),
    expect: WRITE,
    touchesTicket: true,
  },
  revokeContractorLink: {
    run: mut('revokeContractorLink', 'id: $id'),
    expect: WRITE,
    touchesTicket: true,
  },
  // Administration: admins only.
  staffUsers: {
    run: (v) => gql(v, '{ staffUsers { id email } }'),
    expect: ADMIN,
    touchesTicket: false,
  },
  saveStaffUser: {
    run: (v) =>
      gql(
        v,
        'mutation($e: String!) { saveStaffUser(input: { email: $e, role: PLANNER, password: "una-password-lunga" }) { id } }',
        { e: `nuovo-${++created}@example.org` },
      ),
    expect: ADMIN,
    touchesTicket: false,
  },
  setStaffUserDisabled: {
    run: async (v) =>
      gql(
        v,
        'mutation($id: ID!) { setStaffUserDisabled(id: $id, disabled: true) { disabledAt } }',
        { id: String(spare.staffId) },
      ),
    expect: ADMIN,
    touchesTicket: false,
  },
  updateOffice: {
    run: (v, fx) =>
      gql(v, 'mutation($id: ID!) { updateOffice(id: $id, name: "Polizia Municipale") { name } }', {
        id: String(fx.officeB),
      }),
    expect: ADMIN,
    touchesTicket: false,
  },
  updateCategory: {
    run: async (v) =>
      gql(v, 'mutation($id: ID!) { updateCategory(id: $id, slaHours: 240) { slaHours } }', {
        id: await categoryId(db, 'segnaletica'),
      }),
    expect: ADMIN,
    touchesTicket: false,
  },
  // Interventions (issue 13): planners and admins plan and change them; operators read their office's
  // and complete them. The fixture's intervention holds `other`; `ticket` is free to link.
  intervention: {
    run: (v, fx) =>
      gql(v, 'query($i: ID!) { intervention(id: $i) { id status } }', { i: fx.interventionId }),
    expect: READ,
    touchesTicket: false,
  },
  interventions: {
    run: (v) => gql(v, '{ interventions(first: 5) { totalCount } }'),
    expect: ANY_STAFF,
    touchesTicket: false,
  },
  interventionKpis: {
    run: (v) => gql(v, '{ interventionKpis { interventionCount plannedCost } }'),
    expect: ANY_STAFF,
    touchesTicket: false,
  },
  createIntervention: {
    run: (v, fx) =>
      gql(
        v,
        'mutation($o: ID!, $t: ID!) { createIntervention(input: { title: "Asfalto", officeId: $o, ticketIds: [$t], estimatedCost: 180, plannedStart: "2027-01-10", plannedEnd: "2027-01-12" }) { intervention { id status tickets { code status } } } }',
        { o: String(officeA), t: String(fx.ticket.id) },
      ),
    expect: PLANNING,
    touchesTicket: true,
  },
  scheduleIntervention: {
    run: interventionMove('scheduleIntervention', ''),
    expect: PLANNING,
    touchesTicket: false,
  },
  startIntervention: {
    run: interventionMove('startIntervention', ''),
    expect: PLANNING,
    touchesTicket: false,
  },
  completeIntervention: {
    // The fixture's intervention is scheduled first (completing needs it scheduled or in progress).
    run: interventionMove('completeIntervention', ', note: "Lavoro eseguito."', 2),
    expect: READ,
    touchesTicket: false,
  },
  cancelIntervention: {
    run: interventionMove('cancelIntervention', ', note: "Rinviato."'),
    expect: PLANNING,
    touchesTicket: false,
  },
  rescheduleIntervention: {
    run: interventionMove(
      'rescheduleIntervention',
      ', plannedStart: "2027-02-01", plannedEnd: "2027-02-03"',
    ),
    expect: PLANNING,
    touchesTicket: false,
  },
  linkInterventionTickets: {
    run: (v, fx) =>
      gql(
        v,
        'mutation($i: ID!, $t: ID!) { linkInterventionTickets(id: $i, version: 1, ticketIds: [$t]) { intervention { id } } }',
        { i: fx.interventionId, t: String(fx.ticket.id) },
      ),
    expect: PLANNING,
    touchesTicket: true,
  },
  unlinkInterventionTickets: {
    run: (v, fx) =>
      gql(
        v,
        'mutation($i: ID!, $t: ID!) { unlinkInterventionTickets(id: $i, version: 1, ticketIds: [$t]) { intervention { id } } }',
        { i: fx.interventionId, t: String(fx.other.id) },
      ),
    expect: PLANNING,
    touchesTicket: false,
  },
  interventionCandidates: {
    run: (v) => gql(v, '{ interventionCandidates(first: 3) { key score } }'),
    expect: PLANNING,
    touchesTicket: false,
  },
  planInterventions: {
    run: (v) => gql(v, '{ planInterventions(budget: 1000) { totalCost ticketCount } }'),
    expect: PLANNING,
    touchesTicket: false,
  },
  createInterventionsFromPlan: {
    // The fixture's ticket lies on a street: "street:<street>:<office A>" is a candidate.
    run: (v) =>
      gql(
        v,
        'mutation($k: [String!]!) { createInterventionsFromPlan(keys: $k, plannedStart: "2027-03-01", plannedEnd: "2027-03-02") { id } }',
        { k: [`street:${planStreet}:${officeA}`] },
      ),
    expect: PLANNING,
    touchesTicket: true,
  },
  setCategoryUnitCost: {
    run: (v) =>
      gql(
        v,
        'mutation($c: ID!) { setCategoryUnitCost(categoryId: $c, unitCostEur: 185) { unitCostEur } }',
        { c: String(potholeCategory) },
      ),
    expect: ADMIN,
    touchesTicket: false,
  },
  // Planning analytics (issue 6): planners and admins only, no office scoping.
  analyticsSource: {
    run: (v) => gql(v, '{ analyticsSource { replica lagSeconds } }'),
    expect: PLANNING,
    touchesTicket: false,
  },
  duplicateClusters: {
    run: (v) => gql(v, '{ duplicateClusters { __typename } }'),
    expect: PLANNING,
    touchesTicket: false,
  },
  streetStats: {
    run: (v) => gql(v, '{ streetStats { totalCount } }'),
    expect: PLANNING,
    touchesTicket: false,
  },
  heatmap: {
    run: (v) => gql(v, '{ heatmap { __typename } }'),
    expect: PLANNING,
    touchesTicket: false,
  },
  ticketPoints: {
    run: (v) => gql(v, '{ ticketPoints { __typename } }'),
    expect: PLANNING,
    touchesTicket: false,
  },
  kpis: { run: (v) => gql(v, '{ kpis { __typename } }'), expect: PLANNING, touchesTicket: false },
  timeSeries: {
    run: (v) => gql(v, '{ timeSeries { __typename } }'),
    expect: PLANNING,
    touchesTicket: false,
  },
  analyticsMunicipalities: {
    run: (v) => gql(v, '{ analyticsMunicipalities { istatCode } }'),
    expect: PLANNING,
    touchesTicket: false,
    check: (_actor, r) =>
      expect(r.data).toEqual({
        analyticsMunicipalities: [{ istatCode: db.municipality.istat_code }],
      }),
  },
  // The platform operator's (issue 16): comuni, not tickets. Each leaves the comune as it was.
  platformComuni: {
    run: (v) => gql(v, '{ platformComuni { istatCode enabled } }'),
    expect: PLATFORM,
    touchesTicket: false,
  },
  addComune: {
    // A comune that is there already: nothing changes (created: false), and no slow onboarding.
    run: (v) =>
      gql(
        v,
        'mutation($istat: String!) { addComune(istatCode: $istat) { created comune { name } } }',
        {
          istat: db.municipality.istat_code,
        },
      ),
    expect: PLATFORM,
    touchesTicket: false,
    check: (_actor, r) =>
      expect(r.data).toEqual({
        addComune: { created: false, comune: { name: db.municipality.name } },
      }),
  },
  updateComune: {
    run: (v) =>
      gql(
        v,
        'mutation($id: ID!, $name: String!) { updateComune(id: $id, input: { name: $name }) { name } }',
        { id: String(db.municipality.id), name: db.municipality.name },
      ),
    expect: PLATFORM,
    touchesTicket: false,
  },
  setComuneEnabled: {
    run: (v) =>
      gql(v, 'mutation($id: ID!) { setComuneEnabled(id: $id, enabled: true) { enabled } }', {
        id: String(db.municipality.id),
      }),
    expect: PLATFORM,
    touchesTicket: false,
  },
  setPlannerGrants: {
    run: (v) =>
      gql(
        v,
        'mutation($m: ID!) { setPlannerGrants(municipalityId: $m, email: "planner@example.org", grantedMunicipalityIds: []) { granted { id } } }',
        { m: String(db.municipality.id) },
      ),
    expect: PLATFORM,
    touchesTicket: false,
  },
};

/** The services of the test database, recording every one a resolver reaches for. */
function watchedServices(touched: string[]): Services {
  return new Proxy(db.services, {
    get(target, key, receiver) {
      touched.push(String(key));
      return Reflect.get(target, key, receiver);
    },
  });
}

/** Runs the table's operations through another gql (the rows call the module's `gql`). */
async function withGql<T>(other: typeof gql, fn: () => Promise<T>): Promise<T> {
  const saved = gql;
  gql = other;
  try {
    return await fn();
  } finally {
    gql = saved;
  }
}

/** A canned reply straight in the table, for the rows that change or delete one. */
async function newReply(): Promise<string> {
  const { rows } = await db.pool.query<{ id: number }>(
    `insert into canned_reply (municipality_id, title, text_it, text_en) values ($1, 'r', 'testo', 'text') returning id`,
    [db.municipality.id],
  );
  return String(rows[0].id);
}

const REOPEN_REQUEST_OPS = new Set(['acceptReopenRequest', 'declineReopenRequest']);

async function fixture(op: string): Promise<Fixture> {
  const spot = spots[created++ % spots.length];
  const ticket = await insertTicket(db, {
    category: 'buca_stradale',
    createdHoursAgo: 400,
    ...spot,
  }); // office A, overdue
  const other = await insertTicket(db, { category: 'marciapiede', ...spot }); // office A too: markDuplicate's original
  if (op === 'revokeContractorLink')
    await db.pool.query(
      `insert into contractor_link (municipality_id, token_hash, ticket_id, contractor_id, expires_at)
       values ($1, $2, $3, $4, now() + interval '1 day')`,
      [db.municipality.id, Buffer.from(`link-${ticket.id}`), ticket.id, contractorId],
    );
  if (op === 'reopenTicket' || REOPEN_REQUEST_OPS.has(op))
    await db.pool.query(`update ticket set status = 'resolved' where id = $1`, [ticket.id]);
  const reopenRequestId = REOPEN_REQUEST_OPS.has(op)
    ? String(
        (
          await db.pool.query<{ id: string }>(
            `insert into reopen_request (municipality_id, ticket_id, comment)
             values ($1, $2, 'La buca è ancora lì.') returning id`,
            [db.municipality.id, ticket.id],
          )
        ).rows[0].id,
      )
    : undefined;
  const token = await db.services.apiTokens.create(
    viewers.operatorA,
    `tok-${op}`,
    ['tickets:read'],
    '127.0.0.1',
  );
  const webhook = /webhook/i.test(op) ? await webhookFixture() : undefined;
  if (op === 'createInterventionsFromPlan')
    await db.pool.query('update ticket set street_id = $2 where id = $1', [ticket.id, planStreet]);
  const interventionId = INTERVENTION_FIXTURE_OPS.has(op)
    ? await interventionFixture(op, other.id)
    : undefined;
  const photoId =
    op === 'setPhotoPublic' || op === 'setAttachmentPublic'
      ? await db.services.attachments.upload(
          await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
            .png()
            .toBuffer(),
          `10.0.0.${++created % 250}`,
        )
      : undefined;
  if (photoId)
    await db.pool.query('update attachment set ticket_id = $1 where id = $2', [ticket.id, photoId]);
  return {
    reopenRequestId,
    ticket,
    other,
    photoId,
    tokenId: String(token.row.id),
    officeB: await officeId(db, 'polizia_municipale'),
    interventionId,
    ...webhook,
  };
}

/** An intervention of office A holding `otherId`, made by the admin (scheduled for completeIntervention). */
async function interventionFixture(op: string, otherId: number): Promise<string> {
  const row = await db.services.interventions.create(viewers.admin, {
    title: 'Intervento di prova',
    officeId: officeA,
    ticketIds: [otherId],
    estimatedCost: 450,
    plannedStart: '2027-01-01',
    plannedEnd: '2027-01-05',
  });
  if (op === 'completeIntervention')
    await db.services.interventions.changeStatus(viewers.admin, 'scheduleIntervention', {
      id: row.id,
      version: 1,
    });
  return String(row.id);
}

/** A fresh webhook (the earlier ones deleted: a comune has at most 20) and one delivery of it. */
async function webhookFixture(): Promise<{ webhookId: string; deliveryId: string }> {
  await db.pool.query('delete from webhook_subscription where municipality_id = $1', [
    db.municipality.id,
  ]);
  const { row } = await db.services.webhooks.create(
    viewers.admin,
    { url: 'https://93.184.216.34/hook', events: ['ticket.created'] },
    '127.0.0.1',
  );
  const { rows } = await db.pool.query<{ id: number }>(
    `insert into webhook_delivery (municipality_id, webhook_id, event_id, event_type, payload)
     values ($1, $2, 'test.1.ticket.created', 'ticket.created', '{}') returning id`,
    [db.municipality.id, row.id],
  );
  return { webhookId: String(row.id), deliveryId: String(rows[0].id) };
}

beforeAll(async () => {
  db = await createTestDatabase();
  schema = await buildSegnalaSchema();
  gql = createGql(db, schema);
  viewers.anonymous = null;
  viewers.operatorA = await createStaff(db, 'op.a@example.org', 'operator', ['lavori_pubblici']);
  viewers.operatorB = await createStaff(db, 'op.b@example.org', 'operator', ['polizia_municipale']);
  viewers.planner = await createStaff(db, 'planner@example.org', 'planner');
  viewers.admin = await createStaff(db, 'admin@example.org', 'admin');
  viewers.platform = await createPlatformOperator(db);
  spare = await createStaff(db, 'spare@example.org', 'planner');
  officeA = await officeId(db, 'lavori_pubblici');
  planStreet = (
    await db.pool.query<{ id: number }>(
      'select id from street where municipality_id = $1 order by id limit 1',
      [db.municipality.id],
    )
  ).rows[0].id;
  potholeCategory = (
    await db.pool.query<{ id: number }>(
      `select id from category where municipality_id = $1 and code = 'buca_stradale'`,
      [db.municipality.id],
    )
  ).rows[0].id;
  spots = (
    await db.pool.query<{ lon: number; lat: number }>(
      `select st_x(p) as lon, st_y(p) as lat
       from municipality m, st_transform(m.boundary, 32632) b,
            generate_series(0, 29) i, generate_series(0, 29) j,
            lateral st_transform(st_setsrid(st_makepoint(st_xmin(b) + 500 + 120 * i, st_ymin(b) + 500 + 120 * j), 32632), 4326) p
       where m.id = $1 and st_contains(m.boundary, p)`,
      [db.municipality.id],
    )
  ).rows;
  expect(spots.length).toBeGreaterThan(200);
  await insertTicket(db, { category: 'segnaletica' }); // a ticket of office B
  const { rows } = await db.pool.query(
    `insert into contractor (municipality_id, name, email) values ($1, 'Ditta Prova', 'prova@example.org') returning id`,
    [db.municipality.id],
  );
  contractorId = rows[0].id;
});
afterAll(async () => {
  await db?.close();
});

describe('authorization of staff operations', () => {
  it('has a row for every staff query and mutation in the schema', () => {
    expect(Object.keys(TABLE).sort()).toEqual(staffOperations(schema));
  });

  for (const [op, row] of Object.entries(TABLE)) {
    it(`${op}: anonymous, both offices' operators, planner and admin get what their role allows`, async () => {
      // A refused call changes nothing (checked below), so the refused actors share one fixture;
      // each actor allowed gets a fresh one, as its call changes it.
      const actors = (Object.keys(row.expect) as Actor[]).sort(
        (a, b) => Number(row.expect[a] === 'ok') - Number(row.expect[b] === 'ok'),
      );
      let shared: Fixture | undefined;
      for (const actor of actors) {
        const fx = row.expect[actor] === 'ok' ? await fixture(op) : (shared ??= await fixture(op));
        const result = await row.run(viewers[actor], fx);
        const expected = row.expect[actor];
        const label = `${op} as ${actor}`;
        if (expected === 'ok') {
          expect(result.errors, label).toBeUndefined();
          row.check?.(actor, result, fx);
        } else {
          expect(errorCode(result), label).toBe(expected);
          expect(result.data?.[op] ?? null, label).toBeNull();
        }
        if (row.touchesTicket && expected !== 'ok') {
          const { rows } = await db.pool.query(
            'select version, (select count(*)::int from ticket_event e where e.ticket_id = t.id) as events from ticket t where id = $1',
            [fx.ticket.id],
          );
          expect(rows[0], label).toEqual({ version: 1, events: 0 });
        }
      }
    });
  }

  it('narrows an operator inbox filtered on another office to nothing', async () => {
    const a = await officeId(db, 'lavori_pubblici');
    const r = await gql(
      viewers.operatorB,
      'query($o: ID!) { inbox(filter: { officeIds: [$o] }) { totalCount } }',
      { o: String(a) },
    );
    expect(r.data).toEqual({ inbox: { totalCount: 0 } });
  });

  it('refuses anonymous callers and tokens without the scope in the schema, before any resolver runs', async () => {
    const touched: string[] = [];
    const watched = createGql(db, schema, { services: watchedServices(touched) });
    // An admin's token that carries no scope: every staff operation needs one its role allows.
    const scopeless: Viewer = { ...viewers.admin!, scopes: [], tokenId: 1 };
    // No resolver runs, so nothing changes: one fixture with every part (a photo, a webhook) serves all.
    const fx = {
      ...(await fixture('setAttachmentPublic')),
      ...(await webhookFixture()),
      interventionId: '1',
      reopenRequestId: '1',
    };
    for (const [op, row] of Object.entries(TABLE)) {
      for (const [viewer, code] of [
        [null, 'UNAUTHENTICATED'],
        [scopeless, 'FORBIDDEN'],
      ] as const) {
        touched.length = 0;
        const result = await withGql(watched, () => row.run(viewer, fx));
        const label = `${op} as ${viewer ? 'a scope-less token' : 'anonymous'}`;
        expect(errorCode(result), label).toBe(code);
        expect(touched, `${label}: no resolver may reach the services`).toEqual([]);
      }
    }
  });

  // The HTTP route that writes: Open311 POST requests takes an API token with tickets:write as api_key,
  // like createStaffReport (any office's operator, admins); a planner's token cannot carry the scope.
  it('Open311 POST requests: the api_key of each role files what its role allows', async () => {
    const app = await startTestApp(db.services);
    try {
      const point = (
        await db.pool.query(
          'select st_x(p) as lon, st_y(p) as lat from municipality m, lateral (select st_pointonsurface(m.boundary) as p) q where m.id = $1',
          [db.municipality.id],
        )
      ).rows[0] as { lon: number; lat: number };
      const keyOf = async (actor: Exclude<Actor, 'platform'>): Promise<string> => {
        const viewer = viewers[actor];
        if (!viewer) return '';
        const scopes = actor === 'planner' ? ['tickets:read'] : ['tickets:write'];
        return (await db.services.apiTokens.create(viewer, `o311-${actor}`, scopes, '127.0.0.1'))
          .token;
      };
      const expected: Record<Exclude<Actor, 'platform'>, number> = {
        anonymous: 403,
        operatorA: 200,
        operatorB: 200,
        planner: 403,
        admin: 200,
      };
      for (const actor of Object.keys(expected) as Exclude<Actor, 'platform'>[]) {
        const before = (await db.pool.query('select count(*)::int as n from ticket')).rows[0].n;
        const body = new URLSearchParams({
          api_key: await keyOf(actor),
          service_code: 'buca_stradale',
          lat: String(point.lat),
          long: String(point.lon),
          description: `Open311 come ${actor}`,
        });
        const r = await fetch(`${app.url}/open311/v2/requests.json`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': `10.77.0.${++created % 250}`,
          },
          body: body.toString(),
        });
        expect(r.status, actor).toBe(expected[actor]);
        const after = (await db.pool.query('select count(*)::int as n from ticket')).rows[0].n;
        expect(after - before, actor).toBe(expected[actor] === 200 ? 1 : 0);
      }
    } finally {
      await app.close();
    }
  });

  it('stops a read-only API token from changing tickets', async () => {
    const fx = await fixture('scoped-token');
    const scoped = { ...viewers.operatorA!, scopes: ['tickets:read'], tokenId: 1 };
    expect(errorCode(await TABLE.acknowledgeTicket.run(scoped, fx))).toBe('FORBIDDEN');
    expect((await TABLE.staffTicket.run(scoped, fx)).errors).toBeUndefined();
  });
});
