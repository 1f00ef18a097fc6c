// Isolation of comuni, proved over real HTTP: anonymous callers and comune A's staff (session cookie,
// bearer JWT, API token) at A's address, asked about comune B's data (its ticket, office, category,
// street, staff, token, photo, unsubscribe link), never see or change it; A's credentials at B's
// address count for nothing. The table has a row for every Query and Mutation field of the schema and
// every HTTP route, so a new operation or route without a row fails here.
import type { GraphQLSchema } from 'graphql';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailSecret } from '../../server/db/outbox.queries.js';
import { STAFF_SCOPES } from '../../server/domain/staff-access.js';
import { createInvite } from '../../server/services/invite.service.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { unsubscribeTag } from '../../server/mail/unsubscribe-token.js';
import { alertUnsubscribeToken } from '../../server/services/alert.service.js';
import { contractorFormKey, newContractorToken } from '../../server/services/contractor-token.js';
import { categoryId, reportInput, streetPoint } from '../helpers/citizen.js';
import { getAt, gqlAt } from '../helpers/comune-http.js';
import { latestConfirmationToken } from '../helpers/confirmation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type GraphQLResult, type TestApp } from '../helpers/graphql.js';
import { addSecondComune, type SecondComune } from '../helpers/second-comune.js';
import { createStaff, insertTicket, TEST_PASSWORD } from '../helpers/staff-fixtures.js';

type Actor = 'anonymous' | 'session' | 'jwt' | 'token';
const ACTORS: Actor[] = ['anonymous', 'session', 'jwt', 'token'];
const A = '/graphql';
const B = '/c/046024/graphql';
const PIETRASANTA = { lon: 10.2276, lat: 43.959 };

/** What comune B holds; its markers must never appear in an answer to A. */
interface BData {
  ticketId: string;
  code: string;
  officeId: string;
  categoryId: string;
  streetId: string;
  staffId: string;
  tokenId: string;
  photoId: string;
  /** A canned reply of B. */
  replyId: string;
  tag: string;
  /** The token of an open invite of B's admin. */
  invite: string;
  contractorId: string;
  /** The token of B's contractor link. */
  dittaToken: string;
  /** The token of a pending "mi associo" link of B (email_confirmation). */
  confirmToken: string;
  /** The unsubscribe token of a confirmed alert subscription of B. */
  alertToken: string;
  /** B's webhook and one delivery of it. */
  webhookId: string;
  deliveryId: string;
  /** B's intervention (on a street of B, no tickets). */
  interventionId: string;
  /** A pending "non è risolto" on B's ticket. */
  reopenId: string;
}

interface Row {
  query: string;
  /** Extra check of the answer to A about B (beyond "no marker of B"). */
  check?: (r: GraphQLResult, actor: Actor) => void;
  /** A staff operation: A's credentials at B's address must be refused. */
  staff?: boolean;
  /** Log in anew for this row (it ends the session it runs with). */
  fresh?: boolean;
  /** Markers the caller itself sends (echoed in a message is no leak). */
  sends?: string[];
}

let db: TestDatabase;
let second: SecondComune;
let app: TestApp;
let schema: GraphQLSchema;
let b: BData;
const headers = {} as Record<Actor, Record<string, string>>;
const MARKERS = [
  'Segreto di Pietrasanta',
  'admin@pietrasanta.example.org',
  'Via di Prova',
  // B's webhook URL
  'segreto-pietrasanta-hook',
];

const notFound = (r: GraphQLResult) => expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
const refusedOrNotFound = (r: GraphQLResult, actor: Actor) =>
  expect(r.errors?.[0]?.extensions?.code, actor).toBe(
    actor === 'anonymous' ? 'UNAUTHENTICATED' : 'NOT_FOUND',
  );
/** A platform operation asked by A's staff (or anyone of a comune): refused, whatever it names. */
const platformOnly = (r: GraphQLResult, actor: Actor) =>
  expect(r.errors?.[0]?.extensions?.code, actor).toBe(
    actor === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
  );
const change = (field: string, args: string) =>
  `mutation($id: ID!${args.includes('$officeB') ? ', $officeB: ID!' : ''}${args.includes('$ticketA') ? ', $ticketA: ID!' : ''}) { ${field}(id: $id, version: 1${args}) { ticket { id } } }`;

const TABLE: Record<string, Row> = {
  // Public queries.
  municipality: {
    query: '{ municipality { istatCode name } }',
    check: (r) =>
      expect(r.data).toEqual({
        municipality: { istatCode: db.municipality.istat_code, name: db.municipality.name },
      }),
  },
  municipalityAt: {
    // Reference data shared by all comuni: the answer names B, but none of B's data.
    query: '{ municipalityAt(location: { lon: 10.2276, lat: 43.959 }) { istatCode served } }',
    check: (r) => expect(r.data).toEqual({ municipalityAt: { istatCode: '046024', served: true } }),
  },
  categories: {
    query: '{ categories { id } }',
    check: (r) =>
      expect((r.data!.categories as { id: string }[]).map((c) => c.id)).not.toContain(b.categoryId),
  },
  offices: {
    query: '{ offices { id } }',
    check: (r) =>
      expect((r.data!.offices as { id: string }[]).map((o) => o.id)).not.toContain(b.officeId),
  },
  streets: { query: '{ streets(search: "prova", first: 50) { edges { node { id name } } } }' },
  street: {
    query: 'query($street: ID!) { street(id: $street) { id name } }',
    check: (r) => expect(r.data).toEqual({ street: null }),
  },
  streetGeometries: { query: '{ streetGeometries { id } }' },
  ticket: {
    // B's tracking code under A's address: the same answer as any unknown code.
    query: 'query($code: String!) { ticket(code: $code) { code } }',
    check: (r) => expect(r.data).toEqual({ ticket: null }),
  },
  tickets: { query: '{ tickets(first: 100) { edges { node { code title } } } }' },
  ticketMarkers: { query: '{ ticketMarkers { __typename } }' },
  addressAt: {
    // A point in B asked of A: refused with B's name (reference data), never B's streets.
    query:
      '{ addressAt(location: { lon: 10.2276, lat: 43.959 }) { street { id name } distanceM } }',
    check: (r) => expect(r.errors?.[0]?.extensions?.code).toBe('OTHER_MUNICIPALITY'),
  },
  nearbyTickets: {
    query: '{ nearbyTickets(location: { lon: 10.2276, lat: 43.959 }, radiusM: 1000) { code } }',
    check: (r) => expect(r.data).toEqual({ nearbyTickets: [] }),
  },
  submitReport: {
    // Into A with B's category: refused; with a point in B: sent to B, nothing written in A.
    query: `mutation($category: ID!) { submitReport(input: { categoryId: $category, location: { lon: 10.2276, lat: 43.959 },
      title: "Buca di prova", description: "Una buca di prova abbastanza lunga.", email: "x@example.org", privacyConsent: true }) { ticket { code } } }`,
    check: (r) => expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT'),
  },
  joinReport: {
    query:
      'mutation($code: String!) { joinReport(code: $code, email: "y@example.org") { status } }',
    check: notFound,
  },
  subscribeAlerts: {
    // B's street is unknown at A's address: refused, nothing written.
    query:
      'mutation($street: ID!) { subscribeAlerts(input: { email: "y@example.org", streetId: $street }) { status } }',
    check: (r) =>
      expect(r.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'streetId',
      }),
  },
  // Rights of the data subject: the request goes to A's own records (and mail), never B's.
  requestMyData: {
    query: 'mutation { requestMyData(email: "f@example.org") { status } }',
    // Four actors ask for one address: the per-address limit (3 an hour) may answer the last.
    check: (r) =>
      expect(
        (r.data?.requestMyData as { status?: string } | undefined)?.status ??
          r.errors?.[0]?.extensions?.code,
      ).toMatch(/^(REQUEST_SENT|RATE_LIMITED)$/),
  },
  requestErasure: {
    query: 'mutation { requestErasure(email: "f@example.org") { status } }',
    check: (r) =>
      expect(
        (r.data?.requestErasure as { status?: string } | undefined)?.status ??
          r.errors?.[0]?.extensions?.code,
      ).toMatch(/^(REQUEST_SENT|RATE_LIMITED)$/),
  },
  requestMyReports: {
    query: 'mutation { requestMyReports(email: "f@example.org") { status } }',
    check: (r) =>
      expect(
        (r.data?.requestMyReports as { status?: string } | undefined)?.status ??
          r.errors?.[0]?.extensions?.code,
      ).toMatch(/^(REQUEST_SENT|RATE_LIMITED)$/),
  },
  // The resolution mail's links: B's code at A's address is no report of A's.
  reportNotFixed: {
    query:
      'mutation($code: String!) { reportNotFixed(code: $code, token: "x", comment: "Non è risolto") { state } }',
    check: (r) => expect(r.errors?.[0]?.extensions?.code).toMatch(/^(NOT_FOUND|INVALID_TOKEN)$/),
  },
  rateResolution: {
    query:
      'mutation($code: String!) { rateResolution(code: $code, token: "x", score: 5) { score } }',
    check: (r) => expect(r.errors?.[0]?.extensions?.code).toMatch(/^(NOT_FOUND|INVALID_TOKEN)$/),
  },
  privacyNotice: {
    // B's published notice is not A's.
    query: '{ privacyNotice { version it } }',
  },
  privacyNotices: { query: '{ privacyNotices { version it } }', staff: true },
  privacyRequests: {
    query: '{ privacyRequests { totalCount edges { node { id email } } } }',
    staff: true,
    check: (r) => expect(JSON.stringify(r.data ?? null)).not.toContain('g@example.org'),
  },
  publishPrivacyNotice: {
    // A's admin publishes into A only.
    query:
      'mutation { publishPrivacyNotice(it: "Informativa di A", en: "Notice of A") { version } }',
    staff: true,
  },
  acceptInvite: {
    // B's open invite used at A's address is unknown there, and B's account stays without password.
    query:
      'mutation($invite: String!) { acceptInvite(token: $invite, password: "Una-password-di-prova-2026") { istatCode } }',
    check: (r) => expect(r.errors?.[0]?.extensions?.reason).toBe('INVITE_UNKNOWN'),
  },
  login: {
    // B's staff cannot log in at A's address.
    query: `mutation { login(email: "admin@pietrasanta.example.org", password: "${TEST_PASSWORD}") { token } }`,
    sends: ['admin@pietrasanta.example.org'],
    check: (r) => expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED'),
  },
  // Run with a session of its own (fresh: true), so the other rows keep theirs.
  logout: { query: 'mutation { logout }', fresh: true },
  me: { query: '{ me { email } }', staff: true },
  // Staff queries: B's objects are not found, lists hold none of B's rows.
  inbox: { query: '{ inbox(first: 100) { edges { node { id code title } } } }', staff: true },
  staffTicket: {
    query: 'query($ticket: ID!) { staffTicket(id: $ticket) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  overdueTickets: { query: '{ overdueTickets { edges { node { code } } } }', staff: true },
  colleagues: { query: '{ colleagues { id name email } }', staff: true },
  inboxCounts: { query: '{ inboxCounts { total byStatus { status count } } }', staff: true },
  inboxPoints: { query: '{ inboxPoints { truncated points { id code title } } }', staff: true },
  auditLog: { query: '{ auditLog(first: 100) { edges { node { action } } } }', staff: true },
  apiTokens: {
    query: '{ apiTokens { id name } }',
    staff: true,
    check: (r) => expect(JSON.stringify(r.data ?? null)).not.toContain('token-of-b'),
  },
  staffUsers: { query: '{ staffUsers { id email } }', staff: true },
  // The same database for every comune, and no comune's data in the answer.
  analyticsSource: { query: '{ analyticsSource { replica lagSeconds } }', staff: true },
  duplicateClusters: { query: '{ duplicateClusters { __typename } }', staff: true },
  streetStats: { query: '{ streetStats { edges { node { street { name } } } } }', staff: true },
  heatmap: { query: '{ heatmap { __typename } }', staff: true },
  ticketPoints: { query: '{ ticketPoints { count } }', staff: true },
  kpis: { query: '{ kpis { __typename } }', staff: true },
  timeSeries: { query: '{ timeSeries { __typename } }', staff: true },
  analyticsMunicipalities: {
    // A's own comune only: B is granted to no one of A.
    query: '{ analyticsMunicipalities { id istatCode name } }',
    staff: true,
    check: (r, actor) => {
      if (actor !== 'anonymous')
        expect(r.data).toEqual({
          analyticsMunicipalities: [
            {
              id: String(db.municipality.id),
              istatCode: db.municipality.istat_code,
              name: db.municipality.name,
            },
          ],
        });
    },
  },
  // The platform operator's operations (roles across comuni): no staff of any comune gets in.
  platformLogin: {
    // B's staff address is no platform operator.
    query: `mutation { platformLogin(email: "admin@pietrasanta.example.org", password: "${TEST_PASSWORD}") { token } }`,
    sends: ['admin@pietrasanta.example.org'],
    check: (r) => expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED'),
  },
  platformLogout: { query: 'mutation { platformLogout }' },
  platformMe: {
    query: '{ platformMe { email } }',
    check: (r) => expect(r.data).toEqual({ platformMe: null }),
  },
  platformComuni: { query: '{ platformComuni { istatCode } }', check: platformOnly, staff: true },
  addComune: {
    query: 'mutation { addComune(istatCode: "046013") { created } }',
    check: platformOnly,
    staff: true,
  },
  updateComune: {
    query:
      'mutation($municipalityB: ID!) { updateComune(id: $municipalityB, input: { name: "Preso" }) { name } }',
    check: platformOnly,
    staff: true,
  },
  setComuneEnabled: {
    query:
      'mutation($municipalityB: ID!) { setComuneEnabled(id: $municipalityB, enabled: false) { enabled } }',
    check: platformOnly,
    staff: true,
  },
  setPlannerGrants: {
    query: `mutation($municipalityB: ID!) { setPlannerGrants(municipalityId: $municipalityB, email: "admin@pietrasanta.example.org", grantedMunicipalityIds: [$municipalityB]) { email } }`,
    check: platformOnly,
    staff: true,
    sends: ['admin@pietrasanta.example.org'],
  },
  // Staff mutations on B's objects: not found, nothing changes in B.
  acknowledgeTicket: {
    query: change('acknowledgeTicket', ''),
    check: refusedOrNotFound,
    staff: true,
  },
  startWork: { query: change('startWork', ''), check: refusedOrNotFound, staff: true },
  resolveTicket: {
    query: change('resolveTicket', ', note: "x"'),
    check: refusedOrNotFound,
    staff: true,
  },
  rejectTicket: {
    query: change('rejectTicket', ', reason: NOT_A_FAULT, note: "x"'),
    check: refusedOrNotFound,
    staff: true,
  },
  reopenTicket: { query: change('reopenTicket', ''), check: refusedOrNotFound, staff: true },
  setPriority: {
    query: change('setPriority', ', priority: 1'),
    check: refusedOrNotFound,
    staff: true,
  },
  reassignTicket: {
    query: change('reassignTicket', ', officeId: $officeB'),
    check: refusedOrNotFound,
    staff: true,
  },
  markDuplicate: {
    // B's ticket as a duplicate of one of A's.
    query: change('markDuplicate', ', originalId: $ticketA'),
    check: refusedOrNotFound,
    staff: true,
  },
  bulkUpdateTickets: {
    // B's ticket in a bulk action at A's address: not found, per ticket; nothing changes in B.
    query:
      'mutation($id: ID!) { bulkUpdateTickets(ids: [$id], versions: [1], action: { kind: SET_PRIORITY, priority: 1 }) { id ok code } }',
    check: (r, actor) => {
      if (actor === 'anonymous') expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      else
        expect(r.data).toEqual({
          bulkUpdateTickets: [{ id: b.ticketId, ok: false, code: 'NOT_FOUND' }],
        });
    },
    staff: true,
  },
  addNote: {
    query: 'mutation($id: ID!) { addNote(id: $id, text: "nota") { ticket { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  webhooks: { query: '{ webhooks { id url } }', staff: true },
  // Interventions (issue 13): B's intervention is unknown at A; B's office, category and street too.
  intervention: {
    query: 'query($intervention: ID!) { intervention(id: $intervention) { id title } }',
    check: refusedOrNotFound,
    staff: true,
  },
  interventions: {
    query: '{ interventions(first: 50) { totalCount edges { node { id title } } } }',
    staff: true,
  },
  interventionKpis: {
    query: '{ interventionKpis { interventionCount plannedCost } }',
    staff: true,
  },
  createIntervention: {
    query:
      'mutation($officeB: ID!, $street: ID!) { createIntervention(input: { title: "t", officeId: $officeB, ticketIds: [], estimatedCost: 1, plannedStart: "2027-01-01", plannedEnd: "2027-01-02", streetId: $street }) { intervention { id } } }',
    check: (r, actor) =>
      expect(r.errors?.[0]?.extensions?.code, actor).toBe(
        actor === 'anonymous' ? 'UNAUTHENTICATED' : 'BAD_USER_INPUT',
      ),
    staff: true,
  },
  scheduleIntervention: {
    query:
      'mutation($intervention: ID!) { scheduleIntervention(id: $intervention, version: 1) { intervention { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  startIntervention: {
    query:
      'mutation($intervention: ID!) { startIntervention(id: $intervention, version: 1) { intervention { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  completeIntervention: {
    query:
      'mutation($intervention: ID!) { completeIntervention(id: $intervention, version: 1, note: "fatto") { intervention { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  cancelIntervention: {
    query:
      'mutation($intervention: ID!) { cancelIntervention(id: $intervention, version: 1, note: "no") { intervention { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  rescheduleIntervention: {
    query:
      'mutation($intervention: ID!) { rescheduleIntervention(id: $intervention, version: 1, plannedStart: "2027-02-01", plannedEnd: "2027-02-02") { intervention { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  linkInterventionTickets: {
    query:
      'mutation($intervention: ID!, $ticketA: ID!) { linkInterventionTickets(id: $intervention, version: 1, ticketIds: [$ticketA]) { intervention { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  unlinkInterventionTickets: {
    query:
      'mutation($intervention: ID!, $ticketA: ID!) { unlinkInterventionTickets(id: $intervention, version: 1, ticketIds: [$ticketA]) { intervention { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  interventionCandidates: {
    query: '{ interventionCandidates(first: 50) { key street { name } tickets { code } } }',
    staff: true,
  },
  planInterventions: {
    query: '{ planInterventions(budget: 100000) { totalCost candidates { key } } }',
    staff: true,
  },
  createInterventionsFromPlan: {
    // B's street and office make a key A has no candidate for.
    query:
      'mutation { createInterventionsFromPlan(keys: ["street:1:1", "cluster:1-1"], plannedStart: "2027-01-01", plannedEnd: "2027-01-02") { id } }',
    check: (r, actor) =>
      expect(r.errors?.[0]?.extensions?.code, actor).toBe(
        actor === 'anonymous' ? 'UNAUTHENTICATED' : 'BAD_USER_INPUT',
      ),
    staff: true,
  },
  setCategoryUnitCost: {
    query:
      'mutation($category: ID!) { setCategoryUnitCost(categoryId: $category, unitCostEur: 1) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  webhookDeliveries: {
    query:
      'query($webhook: ID!) { webhookDeliveries(webhookId: $webhook, first: 5) { edges { node { eventId payload } } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  createWebhook: {
    query:
      'mutation { createWebhook(input: { url: "https://93.184.216.34/a-hook", events: ["ticket.created"] }) { webhook { id } } }',
    staff: true,
  },
  deleteWebhook: {
    query: 'mutation($webhook: ID!) { deleteWebhook(id: $webhook) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  pauseWebhook: {
    query: 'mutation($webhook: ID!) { pauseWebhook(id: $webhook) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  resumeWebhook: {
    query: 'mutation($webhook: ID!) { resumeWebhook(id: $webhook) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  redeliverWebhook: {
    query: 'mutation($delivery: ID!) { redeliverWebhook(deliveryId: $delivery) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  createApiToken: {
    query: 'mutation { createApiToken(name: "t", scopes: ["tickets:read"]) { token } }',
    staff: true,
  },
  revokeApiToken: {
    query: 'mutation($token: ID!) { revokeApiToken(id: $token) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  saveStaffUser: {
    // The same address in A makes an account of A; B's account stays as it is (checked at the end).
    query: `mutation { saveStaffUser(input: { email: "admin@pietrasanta.example.org", role: PLANNER, password: "una-password-lunga" }) { id } }`,
    staff: true,
    sends: ['admin@pietrasanta.example.org'],
  },
  setStaffUserDisabled: {
    query: 'mutation($staff: ID!) { setStaffUserDisabled(id: $staff, disabled: true) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  updateOffice: {
    query: 'mutation($officeB: ID!) { updateOffice(id: $officeB, name: "Preso") { name } }',
    check: refusedOrNotFound,
    staff: true,
  },
  updateCategory: {
    query: 'mutation($category: ID!) { updateCategory(id: $category, slaHours: 1) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  // The office ticket page (issue 12): B's ticket, photo, staff and canned replies stay B's.
  assignTicket: {
    query:
      'mutation($id: ID!, $staff: ID!) { assignTicket(id: $id, version: 1, assigneeId: $staff) { ticket { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  setPhotoPublic: {
    query:
      'mutation($id: ID!, $photo: ID!) { setPhotoPublic(id: $id, attachmentId: $photo, public: false) { ticket { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  // B's reopen request is not found at A's address.
  acceptReopenRequest: {
    query: 'mutation($reopen: ID!) { acceptReopenRequest(id: $reopen) { id state } }',
    check: refusedOrNotFound,
    staff: true,
  },
  declineReopenRequest: {
    query:
      'mutation($reopen: ID!) { declineReopenRequest(id: $reopen, reason: "Non è di A") { id state } }',
    check: refusedOrNotFound,
    staff: true,
  },
  // Moderation (issue 15): B's ticket and photo are not found at A's address.
  moderateTicket: {
    query:
      'mutation($id: ID!) { moderateTicket(id: $id, version: 1, publicTitle: "Titolo", publicDescription: "Testo moderato", reason: "personal_data") { ticket { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  setAttachmentPublic: {
    query:
      'mutation($photo: ID!) { setAttachmentPublic(id: $photo, public: false) { ticket { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  cannedReplies: {
    query:
      'query($category: ID!) { all: cannedReplies { id title textIt } its: cannedReplies(categoryId: $category) { id } }',
    staff: true,
  },
  setCategoryQuestions: {
    // With B's category: unknown in A.
    query:
      'mutation($category: ID!) { setCategoryQuestions(categoryId: $category, questions: [{ code: "x", label: "x", labelEn: "x", type: TEXT, required: true }]) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  createCannedReply: {
    // With B's category: unknown in A.
    query:
      'mutation($category: ID!) { createCannedReply(input: { categoryId: $category, title: "t", textIt: "x", textEn: "x" }) { id } }',
    check: (r, actor) =>
      expect(r.errors?.[0]?.extensions?.code, actor).toBe(
        actor === 'anonymous' ? 'UNAUTHENTICATED' : 'BAD_USER_INPUT',
      ),
    staff: true,
  },
  updateCannedReply: {
    query:
      'mutation($reply: ID!) { updateCannedReply(id: $reply, version: 1, input: { title: "Preso", textIt: "x", textEn: "x" }) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  deleteCannedReply: {
    query: 'mutation($reply: ID!) { deleteCannedReply(id: $reply) }',
    check: refusedOrNotFound,
    staff: true,
  },
  // Reports taken by staff and external contractors (issue 12).
  createStaffReport: {
    // At B's place: the same refusal as a citizen's (B's category is unknown in A, checked first).
    query: `mutation($category: ID!) { createStaffReport(input: { categoryId: $category, location: { lon: ${PIETRASANTA.lon}, lat: ${PIETRASANTA.lat} }, title: "t", description: "d", channel: PHONE }) { ticket { code } } }`,
    check: (r, actor) =>
      expect(r.errors?.[0]?.extensions?.code, actor).toBe(
        actor === 'anonymous' ? 'UNAUTHENTICATED' : 'BAD_USER_INPUT',
      ),
    staff: true,
  },
  contractors: {
    query: '{ contractors(includeDisabled: true) { id name email } }',
    check: (r, actor) => {
      if (actor !== 'anonymous') expect(r.data?.contractors, actor).toEqual([]);
    },
    staff: true,
  },
  saveContractor: {
    query:
      'mutation($contractor: ID!) { saveContractor(input: { id: $contractor, name: "Presa", email: "x@example.org" }) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  setContractorDisabled: {
    query:
      'mutation($contractor: ID!) { setContractorDisabled(id: $contractor, disabled: true) { id } }',
    check: refusedOrNotFound,
    staff: true,
  },
  forwardToContractor: {
    query:
      'mutation($id: ID!, $contractor: ID!) { forwardToContractor(id: $id, version: 1, contractorId: $contractor) { ticket { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
  revokeContractorLink: {
    query: 'mutation($id: ID!) { revokeContractorLink(id: $id) { ticket { id } } }',
    check: refusedOrNotFound,
    staff: true,
  },
};

/** A contractor's form posted at A's address with B's link: the link is unknown there (404). */
const dittaPost = async (action: string) => {
  const body = new URLSearchParams({ form: contractorFormKey(b.dittaToken), text: 'x' });
  const r = await fetch(`${app.url}/ditta/${b.dittaToken}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
    redirect: 'manual',
  });
  expect(r.status).toBe(404);
};

/** Every route of the app; each names what it answers to A about B. */
const ROUTES: Record<string, (actor: Actor) => Promise<void>> = {
  'GET /graphql': async (actor) => {
    const q = encodeURIComponent('{ tickets(first: 100) { edges { node { title } } } }');
    const here = await getAt(app, `/graphql?query=${q}`, headers[actor]);
    expect(here.status).toBe(200);
    expect(here.body).toContain('"title"');
    expect(here.body).not.toContain('Segreto di Pietrasanta');
    // The control: the same GET at B's address does show it.
    expect((await getAt(app, `/c/046024/graphql?query=${q}`)).body).toContain(
      'Segreto di Pietrasanta',
    );
  },
  'POST /graphql': async () => undefined, // the GraphQL table above
  'GET /attachments/:id': async (actor) => {
    expect((await getAt(app, `/attachments/${b.photoId}`, headers[actor])).status).toBe(404);
  },
  'POST /attachments': async () => {
    // A photo sent to B's address belongs to B: A's report cannot use it.
    const body = new FormData();
    body.append('file', new Blob([await png()], { type: 'image/png' }), 'p.png');
    const up = await fetch(`${app.url}/c/046024/attachments`, { method: 'POST', body });
    const { id } = (await up.json()) as { id: string };
    const pothole = await categoryId(db, 'buca_stradale');
    const r = await gqlAt(
      app,
      A,
      'mutation($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }',
      {
        // A point of A's own (Seravezza's, or the comune of SEGNALA_TEST_COMUNE).
        input: reportInput(pothole, await streetPoint(db), { attachmentIds: [id] }),
      },
    );
    expect(r.errors?.[0]?.extensions?.field).toBe('attachmentIds');
  },
  'GET /export/tickets.csv': async (actor) => {
    const r = await getAt(app, '/export/tickets.csv', headers[actor]);
    expect(r.status).toBe(actor === 'anonymous' ? 401 : 200);
    expect(r.body).not.toContain(b.code);
  },
  'GET /export/tickets.geojson': async (actor) => {
    const r = await getAt(app, '/export/tickets.geojson', headers[actor]);
    expect(r.status).toBe(actor === 'anonymous' ? 401 : 200);
    expect(r.body).not.toContain(b.code);
  },
  // The Italian twins (issue 13 item 5) read the same rows through the same service.
  'GET /export/segnalazioni.csv': async (actor) => {
    const r = await getAt(app, '/export/segnalazioni.csv', headers[actor]);
    expect(r.status).toBe(actor === 'anonymous' ? 401 : 200);
    expect(r.body).not.toContain(b.code);
  },
  'GET /export/segnalazioni.geojson': async (actor) => {
    const r = await getAt(app, '/export/segnalazioni.geojson', headers[actor]);
    expect(r.status).toBe(actor === 'anonymous' ? 401 : 200);
    expect(r.body).not.toContain(b.code);
  },
  // B's intervention is titled "Segreto di Pietrasanta": absent from A's programme, present at B's.
  ...Object.fromEntries(
    ['interventions.csv', 'interventions.geojson', 'interventi.csv', 'interventi.geojson'].map(
      (file) => [
        `GET /export/${file}`,
        async (actor: Actor) => {
          const r = await getAt(app, `/export/${file}`, headers[actor]);
          expect(r.status, `${file} ${actor}`).toBe(actor === 'anonymous' ? 401 : 200);
          expect(r.body).not.toContain('Segreto di Pietrasanta');
        },
      ],
    ),
  ),
  'GET /unsubscribe/:code/:tag': async () => {
    expect((await getAt(app, `/unsubscribe/${b.code}/${b.tag}`)).status).toBe(200); // a page, no change
  },
  'POST /unsubscribe/:code/:tag': async () => {
    const r = await fetch(`${app.url}/unsubscribe/${b.code}/${b.tag}`, { method: 'POST' });
    expect(r.status).toBe(404);
  },
  'GET /conferma/:token': async (actor) => {
    // B's link at A's address is unknown there (and shows no data of B); at B's it asks.
    const here = await getAt(app, `/conferma/${b.confirmToken}`, headers[actor]);
    expect(here.status).toBe(410);
    expect((await getAt(app, `/c/046024/conferma/${b.confirmToken}`)).status).toBe(200);
  },
  'POST /conferma/:token': async () => {
    const r = await fetch(`${app.url}/conferma/${b.confirmToken}`, { method: 'POST' });
    expect(r.status).toBe(410);
  },
  'GET /avvisi/disiscrizione/:token': async (actor) => {
    // B's unsubscribe link at A's address is unknown there; at B's it asks (and changes nothing).
    const here = await getAt(app, `/avvisi/disiscrizione/${b.alertToken}`, headers[actor]);
    expect(here.status).toBe(410);
    expect(here.body).not.toContain('Via di Prova');
    expect((await getAt(app, `/c/046024/avvisi/disiscrizione/${b.alertToken}`)).status).toBe(200);
  },
  'POST /avvisi/disiscrizione/:token': async () => {
    const r = await fetch(`${app.url}/avvisi/disiscrizione/${b.alertToken}`, { method: 'POST' });
    expect(r.status).toBe(410);
  },
  'GET /ditta/:token': async (actor) => {
    const here = await getAt(app, `/ditta/${b.dittaToken}`, headers[actor]);
    expect(here.status).toBe(404);
    expect(here.body).not.toContain('Segreto di Pietrasanta');
    // The control: B's page under B's address.
    const there = await getAt(app, `/c/046024/ditta/${b.dittaToken}`);
    expect(there.status).toBe(200);
    expect(there.body).toContain('Segreto di Pietrasanta');
    expect(there.body).not.toContain('f@example.org');
  },
  'POST /ditta/:token/note': () => dittaPost('note'),
  'POST /ditta/:token/done': () => dittaPost('done'),
  'POST /ditta/:token/photo': async () => {
    const body = new FormData();
    body.append('form', contractorFormKey(b.dittaToken));
    body.append('file', new Blob([await png()], { type: 'image/png' }), 'p.png');
    const r = await fetch(`${app.url}/ditta/${b.dittaToken}/photo`, { method: 'POST', body });
    expect(r.status).toBe(404);
  },
  // Open311 (issue 17): at the root of a deployment of several comuni, jurisdiction_id names A.
  'GET /open311/v2/discovery.:format': async (actor) => {
    const r = await getAt(
      app,
      `/open311/v2/discovery.json?jurisdiction_id=${db.municipality.istat_code}`,
      headers[actor],
    );
    expect(r.status).toBe(200);
    for (const marker of [...MARKERS, 'Pietrasanta', '046024'])
      expect(r.body).not.toContain(marker);
    // Without it the root does not guess.
    expect((await getAt(app, '/open311/v2/discovery.json', headers[actor])).status).toBe(400);
  },
  'GET /open311/v2/services.:format': async (actor) => {
    const r = await getAt(
      app,
      `/open311/v2/services.xml?jurisdiction_id=${db.municipality.istat_code}`,
      headers[actor],
    );
    expect(r.status).toBe(200);
    for (const marker of [...MARKERS, 'Pietrasanta']) expect(r.body).not.toContain(marker);
  },
  'GET /open311/v2/services/:code.:format': async (actor) => {
    const r = await getAt(
      app,
      `/open311/v2/services/buca_stradale.json?jurisdiction_id=${db.municipality.istat_code}`,
      headers[actor],
    );
    expect(r.status).toBe(200);
    expect(r.body).toContain('posizione'); // A's questions, not B's (none)
  },
  'GET /open311/v2/requests.:format': async (actor) => {
    const r = await getAt(
      app,
      `/open311/v2/requests.json?jurisdiction_id=${db.municipality.istat_code}&service_request_id=${b.code}`,
      headers[actor],
    );
    expect(JSON.parse(r.body)).toEqual([]);
    const list = await getAt(
      app,
      `/open311/v2/requests.xml?jurisdiction_id=${db.municipality.istat_code}`,
      headers[actor],
    );
    expect(list.body).not.toContain(b.code);
  },
  'GET /open311/v2/requests/:id.:format': async (actor) => {
    const r = await getAt(
      app,
      `/open311/v2/requests/${b.code}.json?jurisdiction_id=${db.municipality.istat_code}`,
      headers[actor],
    );
    expect(r.status).toBe(404);
    // The control: at B's address it is there, without its follower's address.
    const there = await getAt(app, `/c/046024/open311/v2/requests/${b.code}.json`);
    expect(there.status).toBe(200);
    expect(there.body).toContain(b.code);
    expect(there.body).not.toContain('f@example.org');
  },
  'GET /open311/v2/tokens/:id.:format': async (actor) => {
    const r = await getAt(
      app,
      `/open311/v2/tokens/${b.code}.xml?jurisdiction_id=${db.municipality.istat_code}`,
      headers[actor],
    );
    expect(r.status).toBe(404);
  },
  'POST /open311/v2/requests.:format': async () => {
    const send = (path: string) =>
      fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: tokenA,
          jurisdiction_id: path.startsWith('/c/') ? '' : db.municipality.istat_code,
          service_code: 'buca_stradale',
          lat: String(PIETRASANTA.lat),
          long: String(PIETRASANTA.lon),
          description: 'Segreto di Pietrasanta',
        }).toString(),
      });
    // At A's address a point of B is not A's; A's key at B's address is no key.
    expect((await send('/open311/v2/requests.json')).status).toBe(400);
    expect((await send('/c/046024/open311/v2/requests.json')).status).toBe(403);
  },
  // The process's own endpoints name no comune's data at all.
  'GET /healthz': async () => {
    expect(JSON.parse((await getAt(app, '/healthz')).body)).toEqual({ status: 'ok' });
  },
  'GET /readyz': async () => {
    const body = (await getAt(app, '/readyz')).body;
    for (const marker of [...MARKERS, 'Pietrasanta', '046024']) expect(body).not.toContain(marker);
  },
  'GET /metrics': async () => {
    const body = (await getAt(app, '/metrics')).body;
    expect(body).toContain('segnala_');
    for (const marker of [...MARKERS, 'Pietrasanta', '046024']) expect(body).not.toContain(marker);
  },
  // Pages and static files carry no data of any comune.
  'GET /': async () => undefined,
  'GET /segnala': async () => undefined,
  'GET /segnalazioni': async () => undefined,
  'GET /segnalazioni/:code': async () => undefined,
  'GET /vie/:id': async () => undefined,
  'GET /ufficio': async () => undefined,
  'GET /ufficio/*': async () => undefined,
  'GET /pianificazione': async () => undefined,
  'GET /privacy': async () => undefined,
  'GET /le-mie-segnalazioni': async () => undefined,
  'GET /segnalazioni/:code/non-risolto': async () => undefined,
  'GET /segnalazioni/:code/valuta': async () => undefined,
  'GET /graphiql': async () => undefined,
  'GET /assets/*': async () => undefined,
  'GET /favicon.svg': async () => undefined,
  'GET /favicon.ico': async () => undefined,
  'GET /sw.js': async () => undefined,
  // Each comune's manifest names it, under its own prefix; A's never names B.
  'GET /manifest.webmanifest': async () => {
    const own = JSON.parse((await getAt(app, '/manifest.webmanifest')).body) as {
      name: string;
      start_url: string;
    };
    expect(own.start_url).toBe('/segnala');
    for (const marker of ['Pietrasanta', '046024']) expect(own.name).not.toContain(marker);
    const other = JSON.parse((await getAt(app, '/c/046024/manifest.webmanifest')).body) as {
      name: string;
      start_url: string;
    };
    expect(other).toMatchObject({ start_url: '/c/046024/segnala' });
    expect(other.name).toContain('Pietrasanta');
  },
  'GET /config.json': async () => undefined,
};

const png = () =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
    .png()
    .toBuffer();

async function snapshotB(): Promise<unknown> {
  const m = second.municipality.id;
  const q = async (sql: string) => (await db.pool.query(sql, [m])).rows;
  return {
    tickets: await q(
      'select id, status, version, priority, office_id from ticket where municipality_id = $1',
    ),
    events: await q('select count(*)::int as n from ticket_event where municipality_id = $1'),
    offices: await q('select id, name from office where municipality_id = $1 order by id'),
    categories: await q(
      'select id, sla_hours, unit_cost_eur from category where municipality_id = $1',
    ),
    interventions: await q(
      'select id, status, version, planned_start, area is null as no_area from intervention where municipality_id = $1',
    ),
    staff: await q(
      'select id, email, role, disabled_at from staff_user where municipality_id = $1',
    ),
    tokens: await q('select id, revoked_at from api_token where municipality_id = $1'),
    municipality: await q(
      'select name, enabled, mail_from, settings from municipality where id = $1',
    ),
    grants: await q('select * from planner_grant where granted_municipality_id = $1'),
    comuni: (await db.pool.query('select istat_code from municipality order by 1')).rows,
    followers: await q(
      'select count(*)::int as n from ticket_supporter where municipality_id = $1',
    ),
    alerts: await q(
      'select id, confirmed_at, last_digest_at from alert_subscription where municipality_id = $1 order by id',
    ),
    replies: await q('select id, title, version from canned_reply where municipality_id = $1'),
    questions: await q('select id, code, active from category_question where municipality_id = $1'),
    photos: await q(
      'select id, public from attachment where municipality_id = $1 and ticket_id is not null',
    ),
    assignees: await q('select id, assignee_id from ticket where municipality_id = $1'),
    contractors: await q(
      'select id, name, email, disabled_at from contractor where municipality_id = $1',
    ),
    links: await q(
      'select id, revoked_at, done_at from contractor_link where municipality_id = $1',
    ),
    confirmations: await q(
      'select id, used_at, email from email_confirmation where municipality_id = $1 order by id',
    ),
    notices: await q('select version from privacy_notice where municipality_id = $1'),
    // (not the photo count: the POST /attachments row uploads one to B on purpose)
    photoTickets: await q(
      'select count(*)::int as n from attachment where municipality_id = $1 and ticket_id is not null',
    ),
    webhooks: await q(
      'select id, url, status, consecutive_failures from webhook_subscription where municipality_id = $1',
    ),
    deliveries: await q(
      'select id, state, attempts from webhook_delivery where municipality_id = $1 order by id',
    ),
    reopens: await q(
      'select id, state, decline_reason from reopen_request where municipality_id = $1 order by id',
    ),
    ratings: await q('select ticket_id, score from resolution_rating where municipality_id = $1'),
  };
}

function variables(): Record<string, string> {
  return {
    id: b.ticketId,
    ticket: b.ticketId,
    code: b.code,
    officeB: b.officeId,
    category: b.categoryId,
    street: b.streetId,
    staff: b.staffId,
    token: b.tokenId,
    invite: b.invite,
    photo: b.photoId,
    reply: b.replyId,
    municipalityB: String(second.municipality.id),
    contractor: b.contractorId,
    webhook: b.webhookId,
    delivery: b.deliveryId,
    intervention: b.interventionId,
    reopen: b.reopenId,
    ticketA,
  };
}

/** Only the variables the operation declares… declared from what it uses. */
function operation(query: string): { query: string; variables: Record<string, string> } {
  const all = variables();
  const used = Object.keys(all).filter((k) => new RegExp(`\\$${k}\\b`).test(query));
  if (used.length === 0 || query.trimStart().match(/^(query|mutation)\s*\(/)) {
    return { query, variables: Object.fromEntries(used.map((k) => [k, all[k]])) };
  }
  throw new Error(`declare the variables of: ${query}`);
}

let before: unknown;
let tokenA: string;
let ticketA: string;

/** Comune A's admin, logged in over HTTP: the headers of each actor (session cookie, JWT, token). */
async function loginA(): Promise<Record<Actor, Record<string, string>>> {
  const login = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation { login(email: "admin.a@example.org", password: "${TEST_PASSWORD}") { token } }`,
    }),
  });
  const session = login.headers.getSetCookie().find((c) => c.startsWith('segnala_session='))!;
  const { data } = (await login.json()) as { data: { login: { token: string } } };
  return {
    anonymous: {},
    session: { cookie: session.split(';')[0], 'apollo-require-preflight': '1' },
    jwt: { authorization: `Bearer ${data.login.token}` },
    token: { authorization: `Bearer ${tokenA}` },
  };
}
const added: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  second = await addSecondComune(db);
  schema = await buildSegnalaSchema();
  app = await startTestApp(db.services, {
    onRoute: (method, url) => added.push(`${method} ${url}`),
  });
  // Comune A's staff: an admin, logged in over HTTP (session cookie and JWT), and an API token.
  await createStaff(db, 'admin.a@example.org', 'admin');
  const viewerA = await createStaff(db, 'token.a@example.org', 'admin');
  tokenA = (await db.services.apiTokens.create(viewerA, 'token-of-a', STAFF_SCOPES, '127.0.0.1'))
    .token;
  Object.assign(headers, await loginA());
  ticketA = String((await insertTicket(db)).id);

  // Comune B's data.
  const adminB = await createStaff(second.db, 'admin@pietrasanta.example.org', 'admin');
  const ticket = await insertTicket(second.db, {
    ...PIETRASANTA,
    title: 'Segreto di Pietrasanta',
    supporters: [{ email: 'f@example.org' }],
  });
  const tokenB = await second.services.apiTokens.create(
    adminB,
    'token-of-b',
    ['tickets:read'],
    '127.0.0.1',
  );
  const inviteUrl = await createInvite(db.pool, {
    municipalityId: second.municipality.id,
    municipalityName: second.municipality.name,
    staffId: adminB.staffId,
    email: 'admin@pietrasanta.example.org',
    role: 'admin',
    publicUrl: 'http://segnala.test/c/046024',
  });
  const photo = await second.services.attachments.upload(await png(), '127.0.0.1');
  await db.pool.query('update attachment set ticket_id = $1 where id = $2', [ticket.id, photo]);
  const ditta = await second.db.pool.query<{ id: number }>(
    `insert into contractor (municipality_id, name, email) values ($1, 'Ditta Segreto di Pietrasanta', 'ditta@pietrasanta.example')
     returning id`,
    [second.municipality.id],
  );
  const { token: dittaToken, hash } = newContractorToken();
  await db.pool.query(
    `insert into contractor_link (municipality_id, token_hash, ticket_id, contractor_id, expires_at)
     values ($1, $2, $3, $4, now() + interval '1 day')`,
    [second.municipality.id, hash, ticket.id, ditta.rows[0].id],
  );
  await second.services.joins.join(ticket.code, 'g@example.org', 'it', '192.0.2.77');
  await second.services.privacyNotices.publish(adminB, {
    it: 'Segreto di Pietrasanta',
    en: 'Segreto di Pietrasanta',
  });
  const hookB = await second.services.webhooks.create(
    adminB,
    { url: 'https://93.184.216.34/segreto-pietrasanta-hook', events: ['ticket.created'] },
    '127.0.0.1',
  );
  const deliveryB = await db.pool.query<{ id: number }>(
    `insert into webhook_delivery (municipality_id, webhook_id, event_id, event_type, payload)
     values ($1, $2, '046024.1.ticket.created', 'ticket.created', '{"segreto-pietrasanta-hook":1}') returning id`,
    [second.municipality.id, hookB.row.id],
  );
  const one = async (sql: string) =>
    String((await db.pool.query(sql, [second.municipality.id])).rows[0].id);
  const streetB = await one('select id from street where municipality_id = $1 order by id limit 1');
  const interventionB = await second.services.interventions.create(adminB, {
    title: 'Segreto di Pietrasanta',
    officeId: Number(await one('select id from office where municipality_id = $1')),
    ticketIds: [],
    estimatedCost: 500,
    plannedStart: '2027-01-01',
    plannedEnd: '2027-01-31',
    streetId: Number(streetB),
  });
  await second.services.alerts.subscribe(
    { email: 'h@example.org', streetId: streetB },
    '192.0.2.78',
  );
  const alertConfirmed = await second.services.confirmations.confirm(
    await latestConfirmationToken(db, 'h@example.org', 'confirm_alert'),
    '192.0.2.78',
  );
  expect(alertConfirmed.kind).toBe('subscribed');
  const alertB = await one('select id from alert_subscription where municipality_id = $1');
  b = {
    ticketId: String(ticket.id),
    code: ticket.code,
    officeId: await one('select id from office where municipality_id = $1'),
    categoryId: await one('select id from category where municipality_id = $1'),
    streetId: await one('select id from street where municipality_id = $1 order by id limit 1'),
    staffId: String(adminB.staffId),
    tokenId: String(tokenB.row.id),
    photoId: photo,
    replyId: String(
      (
        await second.services.cannedReplies.create(adminB, {
          categoryId: null,
          status: null,
          title: 'Segreto di Pietrasanta',
          textIt: 'Segreto di Pietrasanta',
          textEn: 'Segreto di Pietrasanta',
        })
      ).id,
    ),
    invite: inviteUrl.split('/').pop()!,
    contractorId: String(ditta.rows[0].id),
    dittaToken,
    confirmToken: await latestConfirmationToken(db, 'g@example.org', 'confirm_join'),
    webhookId: String(hookB.row.id),
    deliveryId: String(deliveryB.rows[0].id),
    interventionId: String(interventionB.id),
    reopenId: String(
      (
        await db.pool.query(
          `insert into reopen_request (municipality_id, ticket_id, comment)
           values ($1, $2, 'Ancora rotto a Pietrasanta') returning id`,
          [second.municipality.id, ticket.id],
        )
      ).rows[0].id,
    ),
    alertToken: alertUnsubscribeToken(
      await mailSecret(db.pool, second.municipality.id),
      second.municipality.id,
      Number(alertB),
    ),
    tag: unsubscribeTag(
      await mailSecret(db.pool, second.municipality.id),
      second.municipality.id,
      ticket.code,
      'f@example.org',
    ),
  };
  // Positive controls: B's data is there, under B's address.
  expect(
    (
      await gqlAt(
        app,
        B,
        operation('query($code: String!) { ticket(code: $code) { code } }').query,
        { code: b.code },
      )
    ).data,
  ).toEqual({ ticket: { code: b.code } });
  expect((await getAt(app, `/c/046024/attachments/${b.photoId}`)).status).toBe(200);
  before = await snapshotB();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('isolation of comuni', () => {
  it('has a row for every query and mutation of the schema', () => {
    const fields = [schema.getQueryType(), schema.getMutationType()].flatMap((t) =>
      Object.keys(t?.getFields() ?? {}),
    );
    expect(Object.keys(TABLE).sort()).toEqual(fields.sort());
  });

  it('has a row for every HTTP route', () => {
    const routes = new Set(added.filter((r) => !/^(HEAD|OPTIONS|PUT|PATCH|DELETE) /.test(r)));
    expect(Object.keys(ROUTES).sort()).toEqual([...routes].sort());
  });

  for (const [field, row] of Object.entries(TABLE)) {
    it(`${field}: A's callers at A's address neither see nor change B's data`, async () => {
      const { query, variables: vars } = operation(row.query);
      for (const actor of ACTORS) {
        const sent = row.fresh ? (await loginA())[actor] : headers[actor];
        const r = await gqlAt(app, A, query, vars, sent);
        const text = JSON.stringify(r);
        for (const marker of MARKERS.filter((m) => !row.sends?.includes(m)))
          expect(text, `${field} as ${actor}`).not.toContain(marker);
        expect(r.errors?.[0]?.extensions?.code, `${field} as ${actor}`).not.toBe(
          'INTERNAL_SERVER_ERROR',
        );
        row.check?.(r, actor);
      }
    });
  }

  for (const [route, run] of Object.entries(ROUTES)) {
    it(`${route}: answers A's callers nothing of B`, async () => {
      for (const actor of ACTORS) await run(actor);
    });
  }

  it("A's staff credentials count for nothing at B's address", async () => {
    for (const actor of ['session', 'jwt', 'token'] as const) {
      const me = await gqlAt(app, B, '{ me { email } }', {}, headers[actor]);
      expect(me.data, actor).toEqual({ me: null });
      for (const [field, row] of Object.entries(TABLE)) {
        if (!row.staff || field === 'me') continue;
        const { query, variables: vars } = operation(row.query);
        const r = await gqlAt(app, B, query, vars, headers[actor]);
        expect(r.errors?.[0]?.extensions?.code, `${field} with A's ${actor} at B`).toBe(
          'UNAUTHENTICATED',
        );
      }
      const csv = await getAt(app, '/c/046024/export/tickets.csv', headers[actor]);
      expect(csv.status, actor).toBe(401);
    }
  });

  it("B's data is exactly as it was", async () => {
    expect(await snapshotB()).toEqual(before);
  });
});
