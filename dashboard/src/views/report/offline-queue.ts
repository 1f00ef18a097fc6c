// Reports filled without network: kept on this device (IndexedDB, with their photos as Blobs) and sent
// when the connection returns, each with the idempotency key it was given when the citizen pressed
// "Invia", so the server files it exactly once however often it is sent (submitReport's idempotencyKey).
// The queue's logic (flushDrafts) takes its store and its sender as arguments: a unit test drives it
// with a store in memory; the page uses IndexedDB.

/** The submitReport input as the form built it, photos not yet uploaded apart. */
export interface QueuedInput {
  categoryId: string;
  location: { lon: number; lat: number };
  title: string;
  description: string;
  email: string;
  name: string | null;
  houseNumber: string | null;
  attachmentIds: string[];
  answers: { questionId: string; value?: string; values?: string[] }[];
  privacyConsent: boolean;
  locale: 'it' | 'en';
  idempotencyKey: string;
  privacyNoticeVersion: number | null;
}

export interface QueuedPhoto {
  name: string;
  blob: Blob;
}

export interface QueuedDraft {
  /** The idempotency key: one draft, one ticket. */
  key: string;
  /** The comune's prefix the form was on ("" or "/c/046024"): sent only from that comune's pages. */
  base: string;
  savedAt: string;
  /** The category's name when saved, to show the queued draft. */
  categoryName: string;
  input: QueuedInput;
  /** Photos chosen while offline, uploaded before the report is sent. */
  photos: QueuedPhoto[];
  /** Set when the server refused the draft (a coded error): it waits for the citizen to correct it. */
  refused?: string;
}

export interface DraftStore {
  all(): Promise<QueuedDraft[]>;
  put(draft: QueuedDraft): Promise<void>;
  remove(key: string): Promise<void>;
}

export type SendOutcome<T> =
  | { kind: 'sent'; result: T }
  /** No network again: the draft stays, to be sent later. */
  | { kind: 'offline' }
  /** The server answered with an error: the draft stays, marked, for the citizen to correct. */
  | { kind: 'refused'; message: string };

export interface FlushResult<T> {
  sent: { draft: QueuedDraft; result: T }[];
  refused: QueuedDraft[];
  waiting: QueuedDraft[];
}

let flushing: Promise<unknown> | null = null;

/**
 * Sends this comune's drafts that are not refused, oldest first; a sent one leaves the store. One flush
 * at a time (the 'online' event and the page's start can come together): a second call waits for the
 * first and then sends what is left, and a draft that was sent is gone by then.
 */
export async function flushDrafts<T>(
  store: DraftStore,
  base: string,
  send: (draft: QueuedDraft) => Promise<SendOutcome<T>>,
): Promise<FlushResult<T>> {
  while (flushing) await flushing.catch(() => undefined);
  const run = (async () => {
    const result: FlushResult<T> = { sent: [], refused: [], waiting: [] };
    const drafts = (await store.all())
      .filter((d) => d.base === base)
      .sort((a, b) => a.savedAt.localeCompare(b.savedAt));
    let offline = false;
    for (const draft of drafts) {
      if (draft.refused || offline) {
        (draft.refused ? result.refused : result.waiting).push(draft);
        continue;
      }
      const outcome = await send(draft);
      if (outcome.kind === 'sent') {
        await store.remove(draft.key);
        result.sent.push({ draft, result: outcome.result });
      } else if (outcome.kind === 'refused') {
        const marked = { ...draft, refused: outcome.message };
        await store.put(marked);
        result.refused.push(marked);
      } else {
        offline = true;
        result.waiting.push(draft);
      }
    }
    return result;
  })();
  flushing = run;
  try {
    return await run;
  } finally {
    if (flushing === run) flushing = null;
  }
}

/** This comune's drafts, oldest first. */
export async function draftsOf(store: DraftStore, base: string): Promise<QueuedDraft[]> {
  return (await store.all())
    .filter((d) => d.base === base)
    .sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

/** A failed fetch (TypeError "Failed to fetch") or a browser that knows it is offline. */
export function isOfflineError(error: unknown, online: boolean): boolean {
  if (!online) return true;
  const e = error as { networkError?: unknown; name?: unknown } | null | undefined;
  if (!e) return false;
  if (e.networkError) return true;
  return e.name === 'TypeError';
}

const DB_NAME = 'segnala';
const STORE = 'report-drafts';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openDb(): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE))
      open.result.createObjectStore(STORE, { keyPath: 'key' });
  };
  return request(open);
}

async function withStore<T>(
  mode: IDBTransactionMode,
  work: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  try {
    const tx = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const [result] = await Promise.all([request(work(tx.objectStore(STORE))), done]);
    return result;
  } finally {
    db.close();
  }
}

/** The browser's IndexedDB (this device only; the e-mail stays with the draft until it is sent). */
export const indexedDbStore: DraftStore = {
  all: () => withStore('readonly', (s) => s.getAll() as IDBRequest<QueuedDraft[]>),
  put: async (draft) => {
    await withStore('readwrite', (s) => s.put(draft));
  },
  remove: async (key) => {
    await withStore('readwrite', (s) => s.delete(key));
  },
};

/** Whether this browser can keep drafts at all. */
export function canQueue(): boolean {
  return typeof indexedDB !== 'undefined';
}
