// Registers the citizen pages' service worker (dashboard/public/sw.js, served at {base}/sw.js) so the
// report form and the public pages open without network. Called by the citizen pages only: the staff
// pages never install it. Its scope is this comune's prefix ("/" or "/c/046024/").
import { COMUNE_BASE } from '../../api/comune-base';

let started = false;

export function registerServiceWorker(): void {
  if (started || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  started = true;
  navigator.serviceWorker
    .register(`${COMUNE_BASE}/sw.js`, { scope: `${COMUNE_BASE}/` })
    .then(async (registration) => {
      await navigator.serviceWorker.ready;
      // What this first load fetched before the worker ran: the page and its hashed assets.
      const assets = performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((u) => new URL(u).pathname.startsWith(`${COMUNE_BASE}/assets/`));
      registration.active?.postMessage({
        type: 'precache',
        page: window.location.pathname,
        assets,
      });
    })
    .catch(() => {
      // Not allowed (private mode, http on another host): the pages work online as before.
      started = false;
    });
}
