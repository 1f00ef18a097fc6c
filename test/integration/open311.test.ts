// Open311 GeoReport v2 over real HTTP: every endpoint in JSON against schemas written from the spec and
// in XML against the spec's element names; a POST shows up in the office inbox and in GraphQL like a form
// report; every bad input of issue 17 answers the spec's error with its status and writes nothing; no
// answer carries a reporter's contact.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import {
  categoryId,
  reportInput,
  rowCounts,
  streetPoint,
  type StreetPoint,
} from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import {
  childNames,
  DISCOVERY,
  ERRORS,
  parseXml,
  POST_ANSWER,
  REQUESTS,
  schemaErrors,
  SERVICE_DEFINITION,
  SERVICES,
  TOKEN_ANSWER,
} from '../helpers/open311-schemas.js';
import { addSecondComune } from '../helpers/second-comune.js';
import { createStaff, insertTicket } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let app: TestApp;
let writeKey: string;
let readKey: string;
let adminKey: string;
let operator: Viewer;
let point: StreetPoint;
const EMAIL = 'cittadino.open311@example.org';
let ip = 0;

async function get(path: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${app.url}${path}`, { headers });
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

async function post(
  path: string,
  body: string | Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const form = typeof body === 'string';
  const r = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
      'x-forwarded-for': `10.31.${Math.floor(++ip / 250)}.${ip % 250}`,
      ...headers,
    },
    body: form ? body : JSON.stringify(body),
  });
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
  return p.toString();
};

const json = (r: { text: string }) => JSON.parse(r.text) as unknown;

function valid(schema: object, r: { status: number; text: string }, status = 200) {
  expect(r.status, r.text).toBe(status);
  expect(schemaErrors(schema, json(r))).toEqual([]);
}

beforeAll(async () => {
  db = await createTestDatabase({ RATE_REPORTS_PER_HOUR_ADDRESS: '1000' });
  app = await startTestApp(db.services);
  operator = await createStaff(db, 'op.open311@example.org', 'operator', ['lavori_pubblici']);
  writeKey = (await db.services.apiTokens.create(operator, 'app', ['tickets:write'], '127.0.0.1'))
    .token;
  readKey = (await db.services.apiTokens.create(operator, 'ro', ['tickets:read'], '127.0.0.1'))
    .token;
  const admin = await createStaff(db, 'admin.open311@example.org', 'admin');
  adminKey = (await db.services.apiTokens.create(admin, 'admin', ['tickets:read'], '127.0.0.1'))
    .token;
  point = await streetPoint(db, 3);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

const lightPost = (extra: Record<string, string | string[]> = {}) =>
  form({
    api_key: writeKey,
    service_code: 'illuminazione_pubblica',
    lat: String(point.lat),
    long: String(point.lon),
    email: EMAIL,
    first_name: 'Lucia',
    last_name: 'Bianchi',
    phone: '+39 333 1234567',
    description: 'Il lampione davanti al civico 4 è spento da una settimana.',
    'attribute[numero_palo]': 'P-117',
    'attribute[guasto]': 'spenta',
    ...extra,
  });

describe('Open311 discovery and services', () => {
  it('discovery.json and .xml follow the spec', async () => {
    const r = await get('/open311/v2/discovery.json');
    valid(DISCOVERY, r);
    expect(r.type).toContain('application/json');
    const x = await get('/open311/v2/discovery.xml');
    expect(x.type).toContain('text/xml');
    const root = parseXml(x.text);
    expect(root.name).toBe('discovery');
    expect(childNames(root)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
    const endpoint = root.children.find((c) => c.name === 'endpoints')!.children[0];
    expect(endpoint.name).toBe('endpoint');
    expect(childNames(endpoint)).toEqual(['specification', 'url', 'changeset', 'type', 'formats']);
    expect(
      endpoint.children.find((c) => c.name === 'formats')!.children.map((c) => c.name),
    ).toEqual(['format', 'format']);
  });

  it('services: the categories, metadata true where a category has questions', async () => {
    const r = await get('/open311/v2/services.json');
    valid(SERVICES, r);
    const list = json(r) as { service_code: string; metadata: boolean }[];
    const meta = Object.fromEntries(list.map((s) => [s.service_code, s.metadata]));
    expect(meta).toMatchObject({
      illuminazione_pubblica: true,
      buca_stradale: true,
      rifiuti_abbandonati: true,
      segnaletica: false,
    });
    const x = parseXml((await get('/open311/v2/services.xml')).text);
    expect(x.name).toBe('services');
    expect(new Set(x.children.map((c) => c.name))).toEqual(new Set(['service']));
    expect(childNames(x.children[0])).toEqual([
      'service_code',
      'service_name',
      'description',
      'metadata',
      'type',
      'keywords',
      'group',
    ]);
    const en = json(await get('/open311/v2/services.json?locale=en')) as { service_name: string }[];
    expect(en.map((s) => s.service_name)).toContain('Pothole');
  });

  it('services/{code}: the questions as attributes with datatypes, order and values', async () => {
    const r = await get('/open311/v2/services/rifiuti_abbandonati.json');
    valid(SERVICE_DEFINITION, r);
    const def = json(r) as {
      attributes: {
        code: string;
        datatype: string;
        required: boolean;
        order: number;
        values: { key: string }[];
      }[];
    };
    expect(def.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ['tipo_rifiuti', 'multivaluelist', true, 1],
      ['pericolosi', 'singlevaluelist', false, 2],
    ]);
    expect(def.attributes[1].values.map((v) => v.key)).toEqual(['true', 'false']);
    const light = json(await get('/open311/v2/services/illuminazione_pubblica.json')) as typeof def;
    expect(light.attributes.map((a) => a.datatype)).toEqual(['string', 'singlevaluelist']);
    const pothole = json(await get('/open311/v2/services/buca_stradale.json')) as typeof def;
    expect(pothole.attributes.map((a) => a.datatype)).toEqual(['singlevaluelist', 'number']);

    const x = parseXml((await get('/open311/v2/services/rifiuti_abbandonati.xml')).text);
    expect(x.name).toBe('service_definition');
    expect(childNames(x)).toEqual(['service_code', 'attributes']);
    const attribute = x.children[1].children[0];
    expect(attribute.name).toBe('attribute');
    // The specification's order (GeoReport v2, GET Service Definition).
    expect(childNames(attribute)).toEqual([
      'variable',
      'code',
      'datatype',
      'required',
      'datatype_description',
      'order',
      'description',
      'values',
    ]);
    for (const a of x.children[1].children)
      expect(a.children.map((c) => c.name)).toEqual([
        'variable',
        'code',
        'datatype',
        'required',
        'datatype_description',
        'order',
        'description',
        'values',
      ]);
    const value = attribute.children.find((c) => c.name === 'values')!.children[0];
    expect(value.name).toBe('value');
    expect(childNames(value)).toEqual(['key', 'name']);
  });

  it('an unknown service is 404 in the spec error format, JSON and XML', async () => {
    const r = await get('/open311/v2/services/nessuna.json');
    valid(ERRORS, r, 404);
    const x = await get('/open311/v2/services/nessuna.xml');
    expect(x.status).toBe(404);
    const errors = parseXml(x.text);
    expect(errors.name).toBe('errors');
    expect(childNames(errors.children[0])).toEqual(['code', 'description']);
    expect((await get('/open311/v2/services.csv')).status).toBe(404);
  });
});

describe('Open311 POST requests', () => {
  it('files a form-urlencoded report with attributes; it reads back like a form report', async () => {
    const r = await post('/open311/v2/requests.json', lightPost());
    valid(POST_ANSWER, r);
    const [answer] = json(r) as { service_request_id: string; service_notice: string }[];
    const code = answer.service_request_id;
    expect(answer.service_notice).toContain(code);

    // The same report through the GraphQL form.
    const light = await categoryId(db, 'illuminazione_pubblica');
    const questions = (
      await app.gql<{
        categories: { id: string; code: string; questions: { id: string; code: string }[] }[];
      }>('{ categories { id code questions { id code label type required options { value } } } }')
    ).data!.categories.find((c) => c.id === light)!.questions;
    const q = Object.fromEntries(questions.map((x) => [x.code, x.id]));
    const viaForm = await app.gql<{ submitReport: { ticket: { code: string } } }>(
      'mutation($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }',
      {
        input: reportInput(light, point, {
          title: 'Il lampione davanti al civico 4 è spento da una settimana.',
          description: 'Il lampione davanti al civico 4 è spento da una settimana.',
          email: EMAIL,
          name: 'Lucia Bianchi',
          ...{
            answers: [
              { questionId: q.numero_palo, value: 'P-117' },
              { questionId: q.guasto, value: 'spenta' },
            ],
          },
        }),
      },
      { 'x-forwarded-for': '10.32.0.1' },
    );
    expect(viaForm.errors).toBeUndefined();
    const formCode = viaForm.data!.submitReport.ticket.code;

    const STAFF = `query($c: String!) { inbox(filter: { text: $c }) { edges { node {
      code status priority title description address streetName office { code } channel
      answers { question { code } value text } } } } }`;
    const token = `Bearer ${adminKey}`;
    const read = async (c: string) => {
      const res = await app.gql<{ inbox: { edges: { node: Record<string, unknown> }[] } }>(
        STAFF,
        { c },
        { authorization: token },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.inbox.edges.map((e) => e.node);
    };
    const [viaApi] = await read(code);
    const [viaWeb] = await read(formCode);
    expect(viaApi).toBeDefined();
    const same = (n: Record<string, unknown>) => ({ ...n, code: undefined, channel: undefined });
    expect(same(viaApi)).toEqual(same(viaWeb));
    expect(viaApi.channel).toBe('API');
    expect(viaApi.answers).toEqual([
      { question: { code: 'numero_palo' }, value: ['P-117'], text: 'P-117' },
      { question: { code: 'guasto' }, value: ['spenta'], text: 'È spenta' },
    ]);

    // Public GraphQL and Open311 GET say the same.
    const pub = await app.gql<{ ticket: { status: string; category: { code: string } } }>(
      'query($c: String!) { ticket(code: $c) { status category { code } } }',
      { c: code },
    );
    expect(pub.data!.ticket).toEqual({
      status: 'RECEIVED',
      category: { code: 'illuminazione_pubblica' },
    });
    const one = await get(`/open311/v2/requests/${code}.json`);
    valid(REQUESTS, one);
    expect(json(one)).toMatchObject([
      {
        service_request_id: code,
        status: 'open',
        service_code: 'illuminazione_pubblica',
        agency_responsible: 'Ufficio Manutenzioni',
      },
    ]);
    const reporter = await db.pool.query(
      'select r.email, r.name, r.phone from reporter r join ticket t on t.id = r.ticket_id where t.code = $1',
      [code],
    );
    expect(reporter.rows).toEqual([
      { email: EMAIL, name: 'Lucia Bianchi', phone: '+39 333 1234567' },
    ]);
  });

  it('takes JSON, multivaluelist attributes, address_string and an idempotency key', async () => {
    const body = {
      api_key: writeKey,
      service_code: 'rifiuti_abbandonati',
      address_string: `${point.streetName} 12`,
      description: 'Materassi e un frigorifero lasciati accanto ai cassonetti.',
      attribute: { tipo_rifiuti: ['ingombranti', 'elettronici'], pericolosi: 'false' },
    };
    const r = await post('/open311/v2/requests.xml', body, { 'idempotency-key': 'o311-1' });
    expect(r.status, r.text).toBe(200);
    const root = parseXml(r.text);
    expect(root.name).toBe('service_requests');
    expect(root.children[0].name).toBe('request');
    expect(childNames(root.children[0])).toEqual([
      'service_request_id',
      'service_notice',
      'account_id',
    ]);
    const code = root.children[0].children[0].text;
    const again = await post('/open311/v2/requests.json', body, { 'idempotency-key': 'o311-1' });
    expect((json(again) as { service_request_id: string }[])[0].service_request_id).toBe(code);
    const { rows } = await db.pool.query(
      `select t.street_id, t.address, t.channel, (select json_agg(a.value order by a.question_id) from ticket_answer a where a.ticket_id = t.id) as answers
       from ticket t where t.code = $1`,
      [code],
    );
    expect(rows).toEqual([
      {
        street_id: point.streetId,
        address: `${point.streetName} 12`,
        channel: 'api',
        answers: [['ingombranti', 'elettronici'], false],
      },
    ]);
    // Form-urlencoded attribute[code][] too.
    const f = await post(
      '/open311/v2/requests.json',
      form({
        api_key: writeKey,
        service_code: 'rifiuti_abbandonati',
        lat: String(point.lat),
        long: String(point.lon),
        'attribute[tipo_rifiuti][]': ['sacchi', 'edili'],
      }),
    );
    valid(POST_ANSWER, f);
  });

  it('links a photo sent to POST /attachments as media_url; GET shows public photos only', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const upload = async () => {
      const data = new FormData();
      data.append('file', new Blob([png], { type: 'image/png' }), 'p.png');
      return (
        (await (await fetch(`${app.url}/attachments`, { method: 'POST', body: data })).json()) as {
          id: string;
        }
      ).id;
    };
    const id = await upload();
    const withPhoto = lightPost({
      media_url: `http://segnala.test/attachments/${id}`,
      idempotency_key: 'o311-photo-retry',
    });
    const r = await post('/open311/v2/requests.json', withPhoto);
    valid(POST_ANSWER, r);
    const code = (json(r) as { service_request_id: string }[])[0].service_request_id;
    // A retry of it (its photo now taken by the first ticket) answers the same request.
    const retry = await post('/open311/v2/requests.json', withPhoto);
    expect(retry.status, retry.text).toBe(200);
    expect((json(retry) as { service_request_id: string }[])[0].service_request_id).toBe(code);
    // Citizens' photos wait for an operator's approval (the comune's citizenPhotos default).
    const pending = json(await get(`/open311/v2/requests/${code}.json`)) as {
      media_url: string | null;
    }[];
    expect(pending[0].media_url).toBeNull();
    await db.pool.query('update attachment set public = true, reviewed_at = now() where id = $1', [
      id,
    ]);
    const one = json(await get(`/open311/v2/requests/${code}.json`)) as {
      media_url: string | null;
    }[];
    expect(one[0].media_url).toBe(`http://segnala.test/attachments/${id}`);
    await db.pool.query('update attachment set public = false where id = $1', [id]);
    const hidden = json(await get(`/open311/v2/requests/${code}.json`)) as {
      media_url: string | null;
    }[];
    expect(hidden[0].media_url).toBeNull();
  });

  it('files a report whose media_url is another site’s, fetches nothing from there, and says how to attach a photo', async () => {
    // A photo host of the client's choosing, on this machine: it counts every request made to it.
    let hits = 0;
    const elsewhere = http.createServer((_request, response) => {
      hits++;
      response.writeHead(200, { 'content-type': 'image/jpeg' }).end('not a photo');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      const foreign = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/foto/lampione.jpg`;
      const r = await post(
        '/open311/v2/requests.xml',
        lightPost({ media_url: foreign, email: 'foto.altrove@example.org' }),
      );
      expect(r.status, r.text).toBe(200);
      const request = parseXml(r.text).children[0];
      const field = (name: string) => request.children.find((c) => c.name === name)!.text;
      const code = field('service_request_id');
      const notice = field('service_notice');
      expect(notice).toContain(code);
      const italian = notice.indexOf('La foto indicata in media_url non è stata presa');
      const english = notice.indexOf('The photo at media_url was not taken');
      expect(italian).toBeGreaterThan(-1);
      expect(english).toBeGreaterThan(italian);
      expect(notice).toContain('POST http://segnala.test/attachments');
      const { rows } = await db.pool.query(
        'select count(a.id)::int as photos from ticket t left join attachment a on a.ticket_id = t.id where t.code = $1',
        [code],
      );
      expect(rows).toEqual([{ photos: 0 }]);
      const one = json(await get(`/open311/v2/requests/${code}.json`)) as {
        media_url: string | null;
      }[];
      expect(one[0].media_url).toBeNull();
      // In English only when the client asked for it (locale=en).
      const en = await post(
        '/open311/v2/requests.json',
        lightPost({
          media_url: foreign,
          locale: 'en',
          email: 'foto.altrove@example.org',
          'attribute[numero_palo]': 'P-118',
        }),
      );
      valid(POST_ANSWER, en);
      const [answer] = json(en) as { service_notice: string }[];
      expect(answer.service_notice).toContain('The photo at media_url was not taken');
      expect(answer.service_notice).not.toContain('La foto');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hits).toBe(0);
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  const BAD: [string, () => Promise<{ status: number; text: string }>, number, RegExp][] = [
    [
      'unknown service_code',
      () => post('/open311/v2/requests.json', lightPost({ service_code: 'nessuna' })),
      400,
      /service_code/,
    ],
    [
      'a point outside the comune',
      () => post('/open311/v2/requests.json', lightPost({ lat: '43.70', long: '10.40' })),
      400,
      /./,
    ],
    [
      'a choice outside the attribute values',
      () => post('/open311/v2/requests.json', lightPost({ 'attribute[guasto]': 'rotta' })),
      400,
      /attribute\[guasto\]/,
    ],
    [
      'a number attribute that is not a number',
      () =>
        post(
          '/open311/v2/requests.json',
          form({
            api_key: writeKey,
            service_code: 'buca_stradale',
            lat: String(point.lat),
            long: String(point.lon),
            description: 'Buca',
            'attribute[profondita_cm]': 'tanta',
          }),
        ),
      400,
      /attribute\[profondita_cm\]/,
    ],
    [
      'a required attribute missing',
      () =>
        post(
          '/open311/v2/requests.json',
          form({
            api_key: writeKey,
            service_code: 'rifiuti_abbandonati',
            lat: String(point.lat),
            long: String(point.lon),
          }),
        ),
      400,
      /attribute\[tipo_rifiuti\]/,
    ],
    [
      'an attribute the service does not have',
      () => post('/open311/v2/requests.json', lightPost({ 'attribute[colore]': 'rosso' })),
      400,
      /attribute\[colore\]/,
    ],
    [
      'an address_string that matches no street',
      () =>
        post(
          '/open311/v2/requests.json',
          form({
            api_key: writeKey,
            service_code: 'segnaletica',
            address_string: 'Zzyzx Qwerty 5',
            description: 'x',
          }),
        ),
      400,
      /address_string/,
    ],
    [
      'no location',
      () =>
        post(
          '/open311/v2/requests.json',
          form({ api_key: writeKey, service_code: 'segnaletica', description: 'x' }),
        ),
      400,
      /location/,
    ],
    [
      'a bad e-mail',
      () => post('/open311/v2/requests.json', lightPost({ email: 'non-una-mail' })),
      400,
      /email/,
    ],
    [
      'a missing api_key',
      () => post('/open311/v2/requests.json', lightPost({ api_key: '' })),
      403,
      /api_key/,
    ],
    [
      'an invalid api_key',
      () => post('/open311/v2/requests.json', lightPost({ api_key: 'sgn_nonvalido' })),
      403,
      /api_key/,
    ],
    [
      'an api_key without the tickets:write scope',
      () => post('/open311/v2/requests.json', lightPost({ api_key: readKey })),
      403,
      /tickets:write/,
    ],
    [
      'a start_date that does not parse',
      () => get('/open311/v2/requests.json?start_date=ieri'),
      400,
      /start_date/,
    ],
    [
      'an end_date without a zone',
      () => get('/open311/v2/requests.json?end_date=2026-01-01T00:00:00'),
      400,
      /end_date/,
    ],
    [
      'an updated_after that does not parse',
      () => get('/open311/v2/requests.json?updated_after=2026-13-45T00:00:00Z'),
      400,
      /updated_after/,
    ],
    [
      'page_size over the maximum',
      () => get('/open311/v2/requests.json?page_size=1001'),
      400,
      /page_size/,
    ],
    ['an unknown status', () => get('/open311/v2/requests.json?status=pending'), 400, /status/],
    [
      'an unknown service_code filter',
      () => get('/open311/v2/requests.json?service_code=nessuna'),
      400,
      /service_code/,
    ],
    [
      'an unknown request',
      () => get('/open311/v2/requests/SRV-2222-2222.json'),
      404,
      /service_request_id/,
    ],
    [
      'an unknown token',
      () => get('/open311/v2/tokens/SRV-2222-2222.json'),
      404,
      /service_request_id/,
    ],
  ];

  for (const [label, run, status, pattern] of BAD)
    it(`answers ${status} for ${label}, and writes nothing`, async () => {
      const before = await rowCounts(db);
      const r = await run();
      valid(ERRORS, r, status);
      const [error] = json(r) as { code: number; description: string }[];
      expect(error.code).toBe(status);
      expect(error.description).toMatch(pattern);
      expect(error.description).not.toMatch(/select|stack|at \//i);
      const after = await rowCounts(db);
      // A refused api_key is not audited as a use; the rate-limit counters are not data.
      delete after.rate_limit;
      delete before.rate_limit;
      delete after.audit_log;
      delete before.audit_log;
      expect(after).toEqual(before);
    });

  it('answers an XML error list for a bad XML request', async () => {
    const r = await post('/open311/v2/requests.xml', lightPost({ api_key: '' }));
    expect(r.status).toBe(403);
    const root = parseXml(r.text);
    expect(root.name).toBe('errors');
    expect(root.children[0].name).toBe('error');
    expect(root.children[0].children.map((c) => [c.name, c.name === 'code' ? c.text : ''])).toEqual(
      [
        ['code', '403'],
        ['description', ''],
      ],
    );
  });
});

describe('Open311 GET requests', () => {
  it('filters by id, service_code, status, dates and updated_after, pages, and shows notes and SLA', async () => {
    const old = await insertTicket(db, { category: 'segnaletica', createdHoursAgo: 24 * 200 });
    const closed = await insertTicket(db, { category: 'segnaletica', createdHoursAgo: 5 });
    await db.pool.query(
      `update ticket set status = 'resolved', resolved_at = now(), closed_at = now(), updated_at = now() + interval '1 minute' where id = $1`,
      [closed.id],
    );
    await db.pool.query(
      `insert into ticket_event (municipality_id, ticket_id, kind, to_status, public, note) values
         ($1, $2, 'note', null, true, 'Sopralluogo fatto.'), ($1, $2, 'note', null, false, 'Nota interna segreta')`,
      [db.municipality.id, closed.id],
    );
    const open = await insertTicket(db, { category: 'segnaletica', createdHoursAgo: 2 });

    const all = await get('/open311/v2/requests.json?service_code=segnaletica');
    valid(REQUESTS, all);
    const codes = (json(all) as { service_request_id: string }[]).map((r) => r.service_request_id);
    // The default window is the last 90 days: the 200-day-old one is out.
    expect(codes).toEqual([open.code, closed.code]);

    const ids = json(
      await get(`/open311/v2/requests.json?service_request_id=${old.code},${open.code}`),
    ) as {
      service_request_id: string;
    }[];
    expect(ids.map((r) => r.service_request_id).sort()).toEqual([old.code, open.code].sort());

    const st = json(
      await get('/open311/v2/requests.json?service_code=segnaletica&status=closed'),
    ) as {
      service_request_id: string;
      status: string;
      status_notes: string;
    }[];
    expect(st).toMatchObject([
      { service_request_id: closed.code, status: 'closed', status_notes: 'Sopralluogo fatto.' },
    ]);

    const since = new Date(Date.now() - 24 * 300 * 3600_000).toISOString();
    const until = new Date(Date.now() - 24 * 100 * 3600_000).toISOString();
    const ranged = json(
      await get(
        `/open311/v2/requests.json?service_code=segnaletica&start_date=${since}&end_date=${until}`,
      ),
    ) as { service_request_id: string }[];
    expect(ranged.map((r) => r.service_request_id)).toEqual([old.code]);

    const updated = json(
      await get(
        `/open311/v2/requests.json?service_code=segnaletica&updated_after=${encodeURIComponent(new Date().toISOString())}`,
      ),
    ) as { service_request_id: string }[];
    expect(updated.map((r) => r.service_request_id)).toEqual([closed.code]);

    const page2 = json(
      await get('/open311/v2/requests.json?service_code=segnaletica&page_size=1&page=2'),
    ) as {
      service_request_id: string;
    }[];
    expect(page2.map((r) => r.service_request_id)).toEqual([closed.code]);

    const [one] = json(await get(`/open311/v2/requests/${open.code}.json`)) as {
      requested_datetime: string;
      expected_datetime: string;
    }[];
    const { rows } = await db.pool.query('select created_at, due_at from ticket where id = $1', [
      open.id,
    ]);
    expect(new Date(one.requested_datetime).getTime()).toBe(
      Math.floor(rows[0].created_at.getTime() / 1000) * 1000,
    );
    expect(new Date(one.expected_datetime).getTime()).toBe(
      Math.floor(rows[0].due_at.getTime() / 1000) * 1000,
    );
    expect(one.requested_datetime).toMatch(/\+0[12]:00$/);

    const x = parseXml((await get('/open311/v2/requests.xml?service_code=segnaletica')).text);
    expect(x.name).toBe('service_requests');
    expect(x.children.map((c) => c.name)).toEqual(['request', 'request']);
    expect(childNames(x.children[0])).toEqual([
      'service_request_id',
      'status',
      'status_notes',
      'service_name',
      'service_code',
      'description',
      'agency_responsible',
      'service_notice',
      'requested_datetime',
      'updated_datetime',
      'expected_datetime',
      'address',
      'address_id',
      'zipcode',
      'lat',
      'long',
      'media_url',
    ]);
    const token = await get(`/open311/v2/tokens/${open.code}.json`);
    valid(TOKEN_ANSWER, token);
  });

  it('never answers a reporter e-mail, name or phone, nor an internal note', async () => {
    const { rows } = await db.pool.query<{
      email: string;
      name: string | null;
      phone: string | null;
    }>('select email, name, phone from reporter');
    const paths = [
      '/open311/v2/requests.json?page_size=1000&start_date=2000-01-01T00:00:00Z',
      '/open311/v2/requests.xml?page_size=1000&start_date=2000-01-01T00:00:00Z',
      '/open311/v2/services.json',
      '/open311/v2/discovery.json',
    ];
    for (const path of paths) {
      const text = (await get(path)).text;
      expect(text).not.toContain('@example.org');
      expect(text).not.toContain('Nota interna segreta');
      for (const r of rows) {
        expect(text).not.toContain(r.email);
        if (r.phone) expect(text).not.toContain(r.phone);
        if (r.name) expect(text).not.toContain(r.name);
      }
    }
  });
});

describe('Open311 per comune', () => {
  it('serves /c/{istat}/open311/v2/ and asks for jurisdiction_id at the root of several comuni', async () => {
    const second = await addSecondComune(db);
    const there = json(await get('/c/046024/open311/v2/services.json')) as {
      service_code: string;
    }[];
    expect(there.map((s) => s.service_code)).toEqual(['buca_stradale']);
    const root = await get('/open311/v2/services.json');
    valid(ERRORS, root, 400);
    expect(root.text).toContain('jurisdiction_id');
    const chosen = json(await get('/open311/v2/services.json?jurisdiction_id=046024')) as unknown[];
    expect(chosen).toHaveLength(1);
    // The default comune: Seravezza, or the one SEGNALA_TEST_COMUNE names (test-comune.ts).
    const home = db.municipality.istat_code;
    const first = json(await get(`/open311/v2/services.json?jurisdiction_id=${home}`)) as unknown[];
    expect(first.length).toBeGreaterThan(5);
    valid(ERRORS, await get('/open311/v2/services.json?jurisdiction_id=999999'), 404);
    valid(ERRORS, await get(`/c/046024/open311/v2/services.json?jurisdiction_id=${home}`), 400);
    // The first comune's key files nothing in Pietrasanta.
    const b = await post(
      '/c/046024/open311/v2/requests.json',
      form({
        api_key: writeKey,
        service_code: 'buca_stradale',
        lat: '43.959',
        long: '10.2276',
        description: 'x',
      }),
    );
    valid(ERRORS, b, 403);
    expect(
      (
        await db.pool.query('select count(*)::int as n from ticket where municipality_id = $1', [
          second.municipality.id,
        ])
      ).rows[0].n,
    ).toBe(0);
    valid(ERRORS, await get('/c/999999/open311/v2/services.json'), 404);
    await db.pool.query('delete from category where municipality_id = $1', [
      second.municipality.id,
    ]);
    await db.pool.query('delete from street where municipality_id = $1', [second.municipality.id]);
    await db.pool.query('delete from office where municipality_id = $1', [second.municipality.id]);
    await db.pool.query('delete from municipality where id = $1', [second.municipality.id]);
  });
});
