// The contractor's page (/ditta/{token}), server-rendered, no script: Italian, or English with
// ?lang=en. It shows the ticket's place, description, photos and the office's instructions, never the
// reporter; while the link is active, forms to post a note, a photo, and to mark the work done. Every
// value is escaped; the forms carry the link's form key (contractor-token.ts).
import type { ContractorView, LinkState } from '../services/contractor-page.service.js';
import { STATUS_LABELS, type TicketStatus } from '../domain/ticket-status.js';
import { escapeHtml as e } from '../mail/mail-layout.js';

export type PageLang = 'it' | 'en';

const T = {
  it: {
    title: 'Intervento richiesto',
    for: 'Per',
    code: 'Codice',
    category: 'Categoria',
    status: 'Stato',
    place: 'Luogo',
    coords: 'Coordinate',
    map: 'Apri sulla mappa',
    description: 'Descrizione',
    instructions: "Istruzioni dell'ufficio",
    photos: 'Foto',
    photo: 'Foto {n}',
    noPhotos: 'Nessuna foto.',
    progress: 'I vostri aggiornamenti',
    noProgress: 'Ancora nessun aggiornamento.',
    photoAdded: 'Foto aggiunta',
    doneEvent: 'Lavoro segnato come concluso',
    addNote: 'Aggiungi una nota',
    noteLabel: 'Nota sull’avanzamento dei lavori',
    sendNote: 'Invia la nota',
    addPhoto: 'Aggiungi una foto',
    photoLabel: 'Foto (JPEG, PNG o WebP, al massimo 10 MB)',
    sendPhoto: 'Carica la foto',
    markDone: 'Lavoro concluso',
    doneLabel: 'Nota finale (facoltativa)',
    doneHelp:
      "Segnate il lavoro come concluso quando è finito: l'ufficio verificherà e confermerà la risoluzione. Dopo non potrete più aggiungere note.",
    sendDone: 'Segna il lavoro come concluso',
    validUntil: 'Link personale, valido fino al {d}. Non inoltratelo.',
    saved: {
      note: 'Nota inviata.',
      photo: 'Foto caricata.',
      done: "Lavoro segnato come concluso: l'ufficio è stato avvisato.",
    },
    doneState: "Avete segnato il lavoro come concluso: l'ufficio confermerà la risoluzione.",
    closedState: 'La segnalazione è chiusa: il link non accetta più aggiornamenti.',
    lang: 'English',
  },
  en: {
    title: 'Work requested',
    for: 'For',
    code: 'Code',
    category: 'Category',
    status: 'Status',
    place: 'Place',
    coords: 'Coordinates',
    map: 'Open on the map',
    description: 'Description',
    instructions: 'Instructions from the office',
    photos: 'Photos',
    photo: 'Photo {n}',
    noPhotos: 'No photos.',
    progress: 'Your updates',
    noProgress: 'No updates yet.',
    photoAdded: 'Photo added',
    doneEvent: 'Work marked as done',
    addNote: 'Add a note',
    noteLabel: 'Note on the progress of the work',
    sendNote: 'Send the note',
    addPhoto: 'Add a photo',
    photoLabel: 'Photo (JPEG, PNG or WebP, at most 10 MB)',
    sendPhoto: 'Upload the photo',
    markDone: 'Work done',
    doneLabel: 'Final note (optional)',
    doneHelp:
      'Mark the work as done when it is finished: the office will check and confirm the resolution. You cannot add notes afterwards.',
    sendDone: 'Mark the work as done',
    validUntil: 'Personal link, valid until {d}. Do not forward it.',
    saved: {
      note: 'Note sent.',
      photo: 'Photo uploaded.',
      done: 'Work marked as done: the office has been told.',
    },
    doneState: 'You marked the work as done: the office will confirm the resolution.',
    closedState: 'The report is closed: this link no longer accepts updates.',
    lang: 'Italiano',
  },
} as const;

/** The answer to a link that opens nothing: status code, title and sentence in both languages. */
export const REFUSED: Record<
  Exclude<LinkState, 'active' | 'done' | 'closed'> | 'bad_form',
  { status: number; it: [string, string]; en: [string, string] }
> = {
  unknown: {
    status: 404,
    it: [
      'Link non valido',
      'Questo link non è valido: controllate di averlo copiato per intero dalla e-mail del Comune.',
    ],
    en: [
      'Invalid link',
      'This link is not valid: check that you copied it whole from the comune’s e-mail.',
    ],
  },
  expired: {
    status: 410,
    it: [
      'Link scaduto',
      "Questo link è scaduto. Contattate l'ufficio del Comune che vi ha affidato l'intervento.",
    ],
    en: [
      'Link expired',
      'This link has expired. Contact the office of the comune that asked for the work.',
    ],
  },
  revoked: {
    status: 410,
    it: [
      'Link revocato',
      "Il Comune ha revocato questo link. Contattate l'ufficio che vi aveva affidato l'intervento.",
    ],
    en: [
      'Link revoked',
      'The comune revoked this link. Contact the office that asked for the work.',
    ],
  },
  bad_form: {
    status: 403,
    it: [
      'Modulo non valido',
      'Il modulo non proviene da questa pagina: riaprite il link e riprovate.',
    ],
    en: ['Invalid form', 'The form did not come from this page: open the link again and retry.'],
  },
};

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f7f9;margin:0;line-height:1.5}
header{background:#0b5cad;color:#fff;padding:12px 16px}header a{color:#fff}
main{max-width:720px;margin:0 auto;padding:16px}section{background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:16px;margin:0 0 16px}
h1{font-size:1.5rem;margin:0 0 8px}h2{font-size:1.15rem;margin:0 0 8px}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}
dt{font-weight:600}dd{margin:0}img{max-width:100%;height:auto;border-radius:4px}ul.photos{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px}
label{display:block;font-weight:600;margin:0 0 4px}textarea{width:100%;box-sizing:border-box;font:inherit;padding:8px;border:1px solid #6b7785;border-radius:4px}
button{font:inherit;background:#0b5cad;color:#fff;border:0;border-radius:4px;padding:10px 16px;margin-top:8px;cursor:pointer}
button:focus-visible,a:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.notice{background:#e6f4ea;border-color:#1e7e34}.muted{color:#4a5562}.done button{background:#1e7e34}p.pre{white-space:pre-wrap}`;

function frame(lang: PageLang, title: string, body: string, switchUrl?: string): string {
  const other = lang === 'it' ? 'en' : 'it';
  const switcher = switchUrl
    ? `<a href="${e(switchUrl)}" lang="${other}" hreflang="${other}">${T[lang].lang}</a>`
    : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${e(title)}</title><style>${STYLE}</style></head>
<body><header><strong>Segnala</strong> ${switcher ? `· ${switcher}` : ''}</header><main>${body}</main></body></html>`;
}

export function refusedPage(
  state: keyof typeof REFUSED,
  lang: PageLang,
): { status: number; html: string } {
  const r = REFUSED[state];
  const [title, message] = r[lang];
  return { status: r.status, html: messagePage(lang, title, message) };
}

/** A page with one message (and a link back to the page, for a refused field). */
export function messagePage(lang: PageLang, title: string, message: string, back?: string): string {
  const link = back
    ? `<p><a href="${e(back)}">${lang === 'it' ? 'Torna alla pagina' : 'Back to the page'}</a></p>`
    : '';
  return frame(lang, title, `<h1>${e(title)}</h1><p>${e(message)}</p>${link}`);
}

export interface PageOptions {
  lang: PageLang;
  /** The page's own path, with the comune prefix: /c/046028/ditta/{token}. */
  path: string;
  /** Where photos are served: the comune's prefix ('' or /c/{istat}). */
  prefix: string;
  formKey: string;
  saved?: 'note' | 'photo' | 'done';
}

export function contractorPage(view: ContractorView, o: PageOptions): string {
  const t = T[o.lang];
  const ticket = view.ticket!;
  const link = view.link!;
  const date = (d: Date) =>
    d.toLocaleDateString(o.lang === 'it' ? 'it-IT' : 'en-GB', { timeZone: 'Europe/Rome' });
  const dateTime = (d: Date) =>
    d.toLocaleString(o.lang === 'it' ? 'it-IT' : 'en-GB', { timeZone: 'Europe/Rome' });
  const place = [ticket.address, ticket.street_name].filter(Boolean).join(', ');
  const lat = ticket.lat.toFixed(6);
  const lon = ticket.lon.toFixed(6);
  const osm = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=19/${lat}/${lon}`;
  const status = STATUS_LABELS[ticket.status as TicketStatus]?.[o.lang] ?? ticket.status;
  const photos = ticket.photo_ids.length
    ? `<ul class="photos">${ticket.photo_ids
        .map(
          (id, i) =>
            `<li><a href="${e(`${o.prefix}/attachments/${id}`)}"><img src="${e(`${o.prefix}/attachments/${id}`)}" alt="${e(t.photo.replace('{n}', String(i + 1)))}" loading="lazy"></a></li>`,
        )
        .join('')}</ul>`
    : `<p class="muted">${t.noPhotos}</p>`;
  const events = view.events ?? [];
  const progress = events.length
    ? `<ol>${events
        .map((ev) => {
          const what =
            ev.kind === 'contractor_done'
              ? t.doneEvent
              : ev.after && 'attachmentId' in ev.after
                ? t.photoAdded
                : '';
          return `<li><time datetime="${ev.created_at.toISOString()}">${e(dateTime(ev.created_at))}</time>${what ? ` — ${e(what)}` : ''}${ev.note ? `<p class="pre">${e(ev.note)}</p>` : ''}</li>`;
        })
        .join('')}</ol>`
    : `<p class="muted">${t.noProgress}</p>`;
  const key = `<input type="hidden" name="form" value="${e(o.formKey)}"><input type="hidden" name="lang" value="${o.lang}">`;
  const forms =
    view.state === 'active'
      ? `<section aria-labelledby="h-note"><h2 id="h-note">${t.addNote}</h2>
<form method="post" action="${e(`${o.path}/note`)}">${key}<label for="note-text">${t.noteLabel}</label>
<textarea id="note-text" name="text" rows="4" maxlength="4000" required></textarea><button type="submit">${t.sendNote}</button></form></section>
<section aria-labelledby="h-photo"><h2 id="h-photo">${t.addPhoto}</h2>
<form method="post" action="${e(`${o.path}/photo`)}" enctype="multipart/form-data">${key}<label for="photo-file">${t.photoLabel}</label>
<input id="photo-file" type="file" name="file" accept="image/jpeg,image/png,image/webp" required><br><button type="submit">${t.sendPhoto}</button></form></section>
<section aria-labelledby="h-done" class="done"><h2 id="h-done">${t.markDone}</h2><p>${t.doneHelp}</p>
<form method="post" action="${e(`${o.path}/done`)}">${key}<label for="done-text">${t.doneLabel}</label>
<textarea id="done-text" name="text" rows="3" maxlength="4000"></textarea><button type="submit">${t.sendDone}</button></form></section>`
      : `<section class="notice" role="status"><p>${view.state === 'done' ? t.doneState : t.closedState}</p></section>`;
  const body = `${o.saved ? `<section class="notice" role="status"><p>${t.saved[o.saved]}</p></section>` : ''}
<h1>${t.title}: ${e(ticket.title)}</h1>
<p class="muted">${t.for} ${e(link.contractor_name)} · ${e(t.validUntil.replace('{d}', date(link.expires_at)))}</p>
<section aria-labelledby="h-ticket"><h2 id="h-ticket" class="muted">${t.code} ${e(ticket.code)}</h2><dl>
<dt>${t.category}</dt><dd>${e(o.lang === 'en' ? ticket.category_en : ticket.category_it)}</dd>
<dt>${t.status}</dt><dd>${e(status)}</dd>
<dt>${t.place}</dt><dd>${e(place || '—')}</dd>
<dt>${t.coords}</dt><dd>${lat}, ${lon} · <a href="${e(osm)}" rel="noopener noreferrer">${t.map}</a></dd>
</dl></section>
<section aria-labelledby="h-desc"><h2 id="h-desc">${t.description}</h2><p class="pre">${e(ticket.description)}</p></section>
${link.instructions ? `<section aria-labelledby="h-instr"><h2 id="h-instr">${t.instructions}</h2><p class="pre">${e(link.instructions)}</p></section>` : ''}
<section aria-labelledby="h-photos"><h2 id="h-photos">${t.photos}</h2>${photos}</section>
<section aria-labelledby="h-progress"><h2 id="h-progress">${t.progress}</h2>${progress}</section>
${forms}`;
  return frame(
    o.lang,
    `${t.title} ${ticket.code}`,
    body,
    `${o.path}${o.lang === 'it' ? '?lang=en' : ''}`,
  );
}
