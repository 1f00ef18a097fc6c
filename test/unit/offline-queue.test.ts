// The offline drafts' queue: what is sent, what stays, and that one draft is sent once even when the
// page's start and the 'online' event flush at the same time. (The browser's IndexedDB store and the
// server's idempotency are exercised by test/e2e/offline-draft.test.ts.)
import { describe, expect, it } from 'vitest';
import {
  draftsOf,
  flushDrafts,
  isOfflineError,
  type DraftStore,
  type QueuedDraft,
  type SendOutcome,
} from '../../dashboard/src/views/report/offline-queue.js';

function memoryStore(initial: QueuedDraft[]): DraftStore & { map: Map<string, QueuedDraft> } {
  const map = new Map(initial.map((d) => [d.key, d]));
  return {
    map,
    all: async () => [...map.values()],
    put: async (d) => void map.set(d.key, d),
    remove: async (k) => void map.delete(k),
  };
}

function draft(key: string, savedAt: string, base = ''): QueuedDraft {
  return {
    key,
    base,
    savedAt,
    categoryName: 'Buca stradale',
    photos: [],
    input: {
      categoryId: '1',
      location: { lon: 10.2, lat: 43.98 },
      title: `Buca ${key}`,
      description: 'Buca profonda',
      email: 'a@example.org',
      name: null,
      houseNumber: null,
      attachmentIds: [],
      answers: [],
      privacyConsent: true,
      locale: 'it',
      idempotencyKey: key,
      privacyNoticeVersion: null,
    },
  };
}

describe('flushDrafts', () => {
  it('sends this comune’s drafts oldest first; sent ones leave the store, others stay', async () => {
    const store = memoryStore([
      draft('b', '2026-12-04T10:02:00Z'),
      draft('a', '2026-12-04T10:01:00Z'),
      draft('x', '2026-12-04T10:00:00Z', '/c/046024'),
    ]);
    const order: string[] = [];
    const result = await flushDrafts(store, '', async (d) => {
      order.push(d.key);
      return { kind: 'sent', result: `CODE-${d.key}` };
    });
    expect(order).toEqual(['a', 'b']);
    expect(result.sent.map((s) => s.result)).toEqual(['CODE-a', 'CODE-b']);
    expect([...store.map.keys()]).toEqual(['x']);
  });

  it('stops at the first network failure and keeps the rest; a refusal is marked and kept', async () => {
    const store = memoryStore([
      draft('a', '2026-12-04T10:01:00Z'),
      draft('b', '2026-12-04T10:02:00Z'),
      draft('c', '2026-12-04T10:03:00Z'),
    ]);
    const outcomes: Record<string, SendOutcome<string>> = {
      a: { kind: 'refused', message: 'Il punto è fuori dal comune' },
      b: { kind: 'offline' },
      c: { kind: 'sent', result: 'never' },
    };
    const asked: string[] = [];
    const result = await flushDrafts(store, '', async (d) => {
      asked.push(d.key);
      return outcomes[d.key];
    });
    expect(asked).toEqual(['a', 'b']);
    expect(result.refused.map((d) => d.key)).toEqual(['a']);
    expect(result.waiting.map((d) => d.key)).toEqual(['b', 'c']);
    expect(store.map.get('a')?.refused).toBe('Il punto è fuori dal comune');
    expect(store.map.size).toBe(3);
    // A refused draft is not sent again until the citizen corrects it.
    const again = await flushDrafts(store, '', async (d) => {
      asked.push(d.key);
      return { kind: 'sent', result: d.key };
    });
    expect(again.sent.map((s) => s.draft.key)).toEqual(['b', 'c']);
    expect((await draftsOf(store, '')).map((d) => d.key)).toEqual(['a']);
  });

  it('two flushes at once send each draft once', async () => {
    const store = memoryStore([draft('a', '2026-12-04T10:01:00Z')]);
    let sends = 0;
    const send = async (): Promise<SendOutcome<string>> => {
      sends++;
      await new Promise((r) => setTimeout(r, 20));
      return { kind: 'sent', result: 'SRV-1' };
    };
    const [one, two] = await Promise.all([
      flushDrafts(store, '', send),
      flushDrafts(store, '', send),
    ]);
    expect(sends).toBe(1);
    expect(one.sent.length + two.sent.length).toBe(1);
  });
});

describe('isOfflineError', () => {
  it('tells a failed fetch from an answer of the server', () => {
    expect(isOfflineError(null, false)).toBe(true);
    expect(isOfflineError(new TypeError('Failed to fetch'), true)).toBe(true);
    expect(isOfflineError({ networkError: new Error('x'), graphQLErrors: [] }, true)).toBe(true);
    expect(isOfflineError({ graphQLErrors: [{ message: 'no' }] }, true)).toBe(false);
    expect(isOfflineError(undefined, true)).toBe(false);
  });
});
