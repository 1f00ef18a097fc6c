/// <reference lib="dom" />
// Steps the browser tests share: signing in at /ufficio as a demo account, GraphQL calls for a test's
// own setup (an admin's token, a citizen's report), a photo through the real upload route.
import sharp from 'sharp';
import type { Page } from 'playwright-core';

export const DEMO_PASSWORD = process.env.SEGNALA_DEMO_PASSWORD ?? 'segnala-demo';

/** Signs in at /ufficio through the form, as the person would; resolves once the staff bar is up. */
export async function login(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/ufficio`);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.locator('.staff-bar').waitFor({ timeout: 20_000 });
}

/** One GraphQL operation from the test process (anonymous, or with a staff token); errors throw. */
export async function gql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** A bearer token of a demo account. */
export async function staffToken(baseUrl: string, email: string): Promise<string> {
  const r = await gql<{ login: { token: string } }>(
    baseUrl,
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    { e: email, p: DEMO_PASSWORD },
  );
  return r.login.token;
}

/** A 640×480 PNG through POST /attachments, the citizen form's own upload; its attachment id. */
export async function uploadPhoto(baseUrl: string, name = 'foto.png'): Promise<string> {
  const png = await sharp({
    create: { width: 640, height: 480, channels: 3, background: '#7a6a55' },
  })
    .png()
    .toBuffer();
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), name);
  const r = await fetch(`${baseUrl}/attachments`, { method: 'POST', body });
  if (!r.ok) throw new Error(`upload: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { id: string }).id;
}

/** The demo's pothole category (routed to Lavori Pubblici, tecnico@seravezza.demo's office). */
export async function potholeCategory(baseUrl: string): Promise<{ id: string; code: string }> {
  const cats = await gql<{ categories: { id: string; code: string }[] }>(
    baseUrl,
    '{ categories { id code } }',
  );
  return cats.categories.find((c) => c.code.includes('buca')) ?? cats.categories[0];
}

export interface CitizenReport {
  categoryId: string;
  lat: number;
  lon: number;
  title: string;
  description: string;
  email: string;
  attachmentIds?: string[];
  /** The reporter's language ('it' when not given). */
  locale?: 'it' | 'en';
}

/** A citizen's report through submitReport, anonymous as the form sends it; its tracking code. */
export async function submitCitizenReport(baseUrl: string, report: CitizenReport): Promise<string> {
  const { lat, lon, ...rest } = report;
  const r = await gql<{ submitReport: { ticket: { code: string } } }>(
    baseUrl,
    'mutation($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }',
    { input: { ...rest, location: { lat, lon }, privacyConsent: true } },
  );
  return r.submitReport.ticket.code;
}

/** The staff id of a ticket, asked in the page (with its session) by the inbox's text filter. */
export async function ticketIdByCode(page: Page, code: string): Promise<string> {
  const r = await page.evaluate(async (c) => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'query($t: String!) { inbox(filter: { text: $t }, first: 1) { edges { node { id code } } } }',
        variables: { t: c },
      }),
    });
    return (await response.json()) as { data: { inbox: { edges: { node: { id: string } }[] } } };
  }, code);
  return r.data.inbox.edges[0].node.id;
}
