// The deployment's root when it serves more than one comune: the list of served comuni and a
// "Dove si trova questo posto?" search (a comune's or a street's name, or "lat, lon" coordinates),
// answered by the server, so it works without JavaScript. With one comune, / stays the app.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../mail/mail-layout.js';
import type { ComuneRegistry } from '../services/comune-registry.js';
import { comuneUrl } from '../domain/comune-url.js';
import type { PlaceComune } from '../services/territory.service.js';
import { isDeploymentRoot, servicesOf } from './comune-edge.js';
import { htmlPage } from './html-page.js';

const COORDINATES = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

/** A served comune's pages from here: its own host, else /c/{istat}/ on this one. */
function link(publicUrl: string, istatCode: string, host: string | null): string {
  return escapeHtml(host ? comuneUrl(publicUrl, istatCode, host) : `/c/${istatCode}/`);
}

function placeItem(publicUrl: string, p: PlaceComune & { street?: string | null }): string {
  const where = p.street
    ? `${escapeHtml(p.street)} – Comune di ${escapeHtml(p.name)}`
    : `Comune di ${escapeHtml(p.name)}`;
  return p.served
    ? `<li><a href="${link(publicUrl, p.istatCode, p.host)}">${where}</a></li>`
    : `<li>${where}: non usa questo servizio, contatta il Comune.</li>`;
}

async function answer(request: FastifyRequest, text: string): Promise<string> {
  const { territory, deps } = servicesOf(request);
  const coordinates = COORDINATES.exec(text);
  let places: (PlaceComune & { street?: string | null })[] = [];
  if (coordinates) {
    const found = await territory
      .at({ lat: Number(coordinates[1]), lon: Number(coordinates[2]) })
      .catch(() => null);
    places = found ? [found] : [];
  } else if (text.trim().length >= 2) places = await territory.search(text.trim());
  const items = places.map((p) => placeItem(deps.config.publicUrl, p)).join('');
  return `<section aria-labelledby="risultati"><h2 id="risultati">Risultati per «${escapeHtml(text)}»</h2>${
    items ? `<ul>${items}</ul>` : '<p>Nessun luogo trovato in Toscana.</p>'
  }</section>`;
}

/** The root page's HTML reply, or undefined when / should stay the app of the default comune. */
export async function comuniRootPage(
  request: FastifyRequest,
  registry: ComuneRegistry,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  if (!isDeploymentRoot(request)) return undefined;
  const comuni = await registry.enabled();
  if (comuni.length < 2) return undefined;
  const publicUrl = servicesOf(request).deps.config.publicUrl;
  const list = comuni
    .map(
      (c) =>
        `<li><a href="${link(publicUrl, c.istat_code, c.host)}">Comune di ${escapeHtml(c.name)}</a></li>`,
    )
    .join('');
  const text = (request.query as { luogo?: unknown }).luogo;
  const search = `<section aria-labelledby="dove"><h2 id="dove">Dove si trova questo posto?</h2>
<form method="get" action="/" role="search"><label for="luogo">Via, comune oppure coordinate (lat, lon)</label>
<div class="row"><input id="luogo" name="luogo" type="search" maxlength="100" size="36" placeholder="es. Via Aurelia, Pietrasanta, 43.96, 10.21" value="${typeof text === 'string' ? escapeHtml(text) : ''}">
<button type="submit">Cerca</button></div></form></section>`;
  const results = typeof text === 'string' && text.length > 0 ? await answer(request, text) : '';
  return htmlPage(
    reply,
    200,
    'Segnala – scegli il tuo Comune',
    'Segnala un problema nel tuo Comune: scegli il Comune, oppure cerca il luogo. / Choose your comune or search for the place.',
    `<h2>Comuni serviti</h2><ul class="cards">${list}</ul>${search}${results}`,
  );
}
