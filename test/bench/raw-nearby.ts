// The baseline for nearbyTickets: node:http + pg running the very same SQL (NEARBY_TICKETS) with no
// framework, no GraphQL, no validation beyond JSON parsing. What the API costs is measured against it.
import http from 'node:http';
import type pg from 'pg';
import { NEARBY_TICKETS, NEARBY_TICKETS_CITUS } from '../../server/db/ticket.queries.js';

// The same statement the server runs (on Citus its variant that names the comune's shard).
const STATEMENT = process.env.SEGNALA_CITUS === 'true' ? NEARBY_TICKETS_CITUS : NEARBY_TICKETS;

export function startRawNearby(pool: pg.Pool, municipalityId: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { lon, lat, categoryId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        lon: number;
        lat: number;
        categoryId: number | null;
      };
      pool.query({ ...STATEMENT, values: [municipalityId, lon, lat, categoryId, null] }).then(
        (result) => {
          const body = JSON.stringify({ nearbyTickets: result.rows });
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          });
          res.end(body);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
