// A real webhook receiver on 127.0.0.1, as an integrator writes one: it verifies Segnala-Signature on
// its own (node:crypto, the code docs/webhooks.md shows, not the server's helper), records every request,
// and answers what the test says (200, a status, a redirect); it can go down and come back on its port.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  eventId: string;
  eventType: string;
  deliveryId: string;
  signature: string;
  body: string;
  payload: {
    id: string;
    type: string;
    ticket: { code: string } & Record<string, unknown>;
  } & Record<string, unknown>;
  /** The signature checked with the secret the receiver was given. */
  verified: boolean;
  at: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  secret: string;
  /** What the next requests get: a status (default 200), or a redirect to `location`; holdMs delays the answer. */
  answer: { status: number; location?: string; holdMs?: number };
  stop(): Promise<void>;
  /** Listens again on the same port (after stop). */
  restart(): Promise<void>;
  /** Resolves once `n` requests have come (or rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
}

/** The verification of docs/webhooks.md: `t=<unix>,v1=<hex>` over `${t}.${body}`, within 5 minutes. */
export function verify(secret: string, header: string, body: string): boolean {
  const fields = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2)));
  const t = Number(fields.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(String(fields.v1 ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let server: http.Server;
  const receiver: Receiver = {
    url: '',
    port,
    received,
    secret: '',
    answer: { status: 200 },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    restart: () => listen(receiver.port),
    waitFor(n, timeoutMs = 15_000) {
      if (received.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${received.length} of ${n} deliveries within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
  function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = String(request.headers['segnala-signature'] ?? '');
      const { status, location, holdMs } = receiver.answer;
      if (status >= 200 && status < 300) {
        received.push({
          eventId: String(request.headers['segnala-event-id']),
          eventType: String(request.headers['segnala-event-type']),
          deliveryId: String(request.headers['segnala-delivery-id']),
          signature,
          body,
          payload: JSON.parse(body) as Received['payload'],
          verified: verify(receiver.secret, signature, body),
          at: Date.now(),
        });
        for (const w of waiters.filter((x) => received.length >= x.n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
      const reply = () => {
        if (response.destroyed) return;
        response.writeHead(status, location ? { location } : {});
        response.end(status < 300 ? 'ok' : 'no');
      };
      if (holdMs) setTimeout(reply, holdMs).unref();
      else reply();
    });
  }
  function listen(at: number): Promise<void> {
    server = http.createServer(handle);
    return new Promise((resolve) => {
      server.listen(at, '127.0.0.1', () => {
        receiver.port = (server.address() as AddressInfo).port;
        receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
        resolve();
      });
    });
  }
  await listen(port);
  return receiver;
}
