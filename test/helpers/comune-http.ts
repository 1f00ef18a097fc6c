// GraphQL and page requests to a test app under a comune's path (/c/046024/graphql, /pietrasanta/…)
// or host name, as a browser or an integrator of that comune would send them.
import type { GraphQLResult, TestApp } from './graphql.js';

export async function gqlAt<T = Record<string, unknown>>(
  app: TestApp,
  path: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResult<T>> {
  const response = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResult<T>;
  return { ...body, status: response.status };
}

/** A GET with an optional Host header (fetch cannot set Host, so this goes through node:http). */
export async function getAt(
  app: TestApp,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  const { request } = await import('node:http');
  const url = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: 'GET', headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A POST of GraphQL with an explicit Host header (node:http). */
export async function gqlWithHost<T = Record<string, unknown>>(
  app: TestApp,
  host: string,
  query: string,
): Promise<GraphQLResult<T>> {
  const { request } = await import('node:http');
  const url = new URL(app.url);
  const payload = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: '/graphql',
        method: 'POST',
        headers: {
          host,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ ...(JSON.parse(body) as GraphQLResult<T>), status: res.statusCode ?? 0 }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
