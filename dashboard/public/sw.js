/* global self, caches, fetch, URL */
// Segnala's service worker (GET /sw.js, and {base}/sw.js under a comune's prefix: its scope is the folder
// it is served from, so /c/046024/sw.js keeps /c/046024/ and the root one the default comune's pages).
// It only lets the citizen pages open without network (the report form keeps a draft in IndexedDB and
// sends it when the connection returns: dashboard/src/views/report/offline-queue.ts). Rules:
// - hashed assets (/assets/…-{hash}.js|css): cache first; a new build has new names, so no stale code;
// - the pages' HTML (navigations): network first, the last copy only when there is no network, so an
//   update of the app is seen at the next load;
// - /config.json (public map settings): network first, like the HTML;
// - everything else (GraphQL, photos, exports, Open311, staff pages) is never read from nor written to
//   the cache: API answers can carry personal data.
const VERSION = 'segnala-v1';
const ASSETS = `${VERSION}-assets`;
const PAGES = `${VERSION}-pages`;
/** Hashed assets kept; older ones (earlier builds) are dropped first. */
const MAX_ASSETS = 80;
const SCOPE = new URL(self.registration.scope).pathname; // "/" or "/c/046024/"
const CITIZEN_PAGES = ['', 'segnala', 'segnalazioni', 'vie', 'privacy'];

function inScope(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(SCOPE);
}

function isCitizenPage(url) {
  const first = url.pathname.slice(SCOPE.length).split('/')[0];
  return CITIZEN_PAGES.includes(first);
}

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith('segnala-') && !name.startsWith(VERSION)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function trim(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(key);
}

async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    await trim(cache);
  }
  return response;
}

async function networkFirst(request, key) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(key, response.clone());
    return response;
  } catch (error) {
    // Any citizen page is the same app shell: the last one seen serves them all offline.
    const hit = (await cache.match(key)) ?? (await cache.match(`${SCOPE}segnala`));
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!inScope(url)) return;
  const rest = url.pathname.slice(SCOPE.length);
  if (rest.startsWith('assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === 'navigate' && isCitizenPage(url)) {
    // The page without its query (?stato=…): one copy of the shell per path.
    event.respondWith(networkFirst(request, url.pathname));
  } else if (rest === 'config.json') {
    event.respondWith(networkFirst(request, url.pathname));
  }
});

// The page that registered the worker was loaded before the worker ran, so nothing of it went through
// here: it sends its own path and the hashed assets it loaded, to be kept for offline use. Only paths
// this worker would cache anyway are taken (a citizen page, /assets/ of this scope).
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'precache') return;
  event.waitUntil(
    (async () => {
      const assets = await caches.open(ASSETS);
      for (const raw of Array.isArray(data.assets) ? data.assets : []) {
        const url = new URL(raw, self.location.origin);
        if (!inScope(url) || !url.pathname.slice(SCOPE.length).startsWith('assets/')) continue;
        if (!(await assets.match(url.href))) await assets.add(url.href).catch(() => undefined);
      }
      await trim(assets);
      const page = new URL(String(data.page ?? ''), self.location.origin);
      if (inScope(page) && isCitizenPage(page)) {
        const response = await fetch(page.pathname, { credentials: 'same-origin' }).catch(
          () => null,
        );
        if (response && response.ok) await (await caches.open(PAGES)).put(page.pathname, response);
      }
    })(),
  );
});
