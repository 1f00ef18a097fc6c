// One HTTP POST of a delivery: a bounded time for the whole exchange, the guarded resolver (no private
// address, checked at each new connection), no redirect followed (a 3xx is a failure), at most a few KB
// of the answer read. Keep-alive agents, so a busy receiver is not a new TLS handshake per event.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { hostOf, isPrivateAddress, type WebhookUrlRules } from '../domain/webhook-url.js';
import { guardedLookup } from './address-guard.js';

export interface PostResult {
  status: number;
  latencyMs: number;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly latencyMs: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

const ANSWER_BYTES = 4096;

export interface WebhookPoster {
  post(url: string, headers: Record<string, string>, body: string): Promise<PostResult>;
  close(): void;
}

export function createWebhookPoster(
  rules: WebhookUrlRules,
  timeoutMs: number,
  maxSockets: number,
): WebhookPoster {
  const lookup = guardedLookup(rules);
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets, lookup } as http.AgentOptions),
    'https:': new https.Agent({ keepAlive: true, maxSockets, lookup } as https.AgentOptions),
  };
  return {
    post(target, headers, body) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      return new Promise<PostResult>((resolve, reject) => {
        const url = new URL(target);
        if (url.protocol !== 'https:' && !(rules.allowHttp && url.protocol === 'http:'))
          return reject(new DeliveryError('the URL is not https', null, 0));
        // Node resolves no IP literal, so the guarded lookup never sees one: checked here.
        const host = hostOf(url);
        if (!rules.allowPrivateAddresses && isIP(host) && isPrivateAddress(host))
          return reject(
            new DeliveryError(`${host} is a private, loopback or link-local address`, null, 0),
          );
        const send = url.protocol === 'https:' ? https.request : http.request;
        const request = send(url, {
          method: 'POST',
          agent: agents[url.protocol],
          lookup,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Segnala-Webhooks/1',
          },
        });
        const timer = setTimeout(
          () =>
            request.destroy(new DeliveryError(`no answer within ${timeoutMs} ms`, null, elapsed())),
          timeoutMs,
        );
        request.on('response', (response) => {
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > ANSWER_BYTES) response.destroy();
          });
          const done = () => {
            clearTimeout(timer);
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve({ status, latencyMs: elapsed() });
            else
              reject(
                new DeliveryError(
                  status >= 300 && status < 400
                    ? `HTTP ${status}: redirects are not followed`
                    : `HTTP ${status}`,
                  status,
                  elapsed(),
                ),
              );
          };
          response.on('end', done);
          response.on('close', done);
          response.on('error', done);
        });
        request.on('error', (error) => {
          clearTimeout(timer);
          reject(
            error instanceof DeliveryError
              ? error
              : new DeliveryError(error.message || error.name, null, elapsed()),
          );
        });
        request.end(body);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
