// The one mail a reporter or supporter gets about an intervention, however many of their reports it
// covers: planned (linked), rescheduled, completed (the closing note), cancelled, and unlinked (their
// reports taken out of it: they were told it was planned, so they hear it no longer is). Italian first, English
// when the person's stored language says so.
import type { Locale } from './citizen-mail.template.js';
import { renderMail, type MailContent } from './mail-layout.js';
import { formatDay } from '../domain/intervention.js';

export type InterventionMailKind =
  | 'intervention_planned'
  | 'intervention_rescheduled'
  | 'intervention_completed'
  | 'intervention_cancelled'
  | 'intervention_unlinked';

export interface InterventionMailTicket {
  code: string;
  /** Public, masked. */
  title: string;
  url: string;
}

export interface InterventionMailData {
  municipalityName: string;
  /** Public, masked. */
  title: string;
  officeName: string;
  plannedStart: string;
  plannedEnd: string;
  /** The closing note (completed) or the cancellation note, public, masked. */
  note: string | null;
  tickets: InterventionMailTicket[];
  unsubscribeUrl: string;
}

const SUBJECT: Record<InterventionMailKind, Record<Locale, string>> = {
  intervention_planned: { it: 'Intervento programmato', en: 'Work planned' },
  intervention_rescheduled: { it: 'Intervento riprogrammato', en: 'Work rescheduled' },
  intervention_completed: { it: 'Intervento concluso', en: 'Work completed' },
  intervention_cancelled: { it: 'Intervento annullato', en: 'Work cancelled' },
  intervention_unlinked: {
    it: 'Segnalazione tolta dall’intervento',
    en: 'Report taken out of the planned work',
  },
};

function lead(kind: InterventionMailKind, locale: Locale, d: InterventionMailData): string {
  const from = formatDay(d.plannedStart, locale);
  const to = formatDay(d.plannedEnd, locale);
  const it = locale === 'it';
  switch (kind) {
    case 'intervention_planned':
      return it
        ? `il Comune di ${d.municipalityName} ha programmato l'intervento «${d.title}» (${d.officeName}) per il ${from}, con fine prevista il ${to}. Riguarda le segnalazioni che hai inviato o sostenuto qui sotto, ora in lavorazione.`
        : `the Comune di ${d.municipalityName} has planned the work "${d.title}" (${d.officeName}) for ${from}, expected to end on ${to}. It covers the reports you sent or joined listed below, now in progress.`;
    case 'intervention_rescheduled':
      return it
        ? `l'intervento «${d.title}» è stato riprogrammato: inizio il ${from}, fine prevista il ${to}.`
        : `the work "${d.title}" has been rescheduled: it starts on ${from} and should end on ${to}.`;
    case 'intervention_completed':
      return it
        ? `l'intervento «${d.title}» è concluso e le segnalazioni qui sotto sono state chiuse.`
        : `the work "${d.title}" is completed and the reports below have been resolved.`;
    case 'intervention_cancelled':
      return it
        ? `l'intervento «${d.title}» è stato annullato: le segnalazioni qui sotto tornano alla fase in cui erano e restano aperte.`
        : `the work "${d.title}" has been cancelled: the reports below are back where they were and stay open.`;
    case 'intervention_unlinked':
      return it
        ? `le segnalazioni qui sotto non fanno più parte dell'intervento «${d.title}» programmato per il ${from}: tornano alla fase in cui erano e restano aperte.`
        : `the reports below are no longer part of the work "${d.title}" planned for ${from}: they are back where they were and stay open.`;
  }
}

export function renderInterventionMail(
  kind: InterventionMailKind,
  locale: Locale,
  d: InterventionMailData,
): MailContent {
  const it = locale === 'it';
  const paragraphs = [
    it ? 'Gentile cittadina, gentile cittadino,' : 'Dear citizen,',
    lead(kind, locale, d),
    ...(d.note ? [it ? `Nota dell'ufficio: ${d.note}` : `Note from the office: ${d.note}`] : []),
    d.tickets.map((t) => `• ${t.title} – ${t.code}: ${t.url}`).join('\n'),
  ];
  return renderMail({
    subject: `${SUBJECT[kind][locale]}: ${d.title} (Comune di ${d.municipalityName})`,
    paragraphs,
    link: {
      label: it ? 'Segui la segnalazione' : 'Track the report',
      url: d.tickets[0].url,
    },
    footer: [
      it
        ? `Comune di ${d.municipalityName} – Segnala. Ricevi una sola e-mail per intervento, anche se riguarda più segnalazioni che hai inviato o sostenuto.`
        : `Comune di ${d.municipalityName} – Segnala. You get one e-mail per intervention, even when it covers several reports you sent or joined.`,
    ],
    unsubscribe: {
      label: it
        ? 'Non ricevere più e-mail su questa segnalazione'
        : 'Stop e-mails about this report',
      url: d.unsubscribeUrl,
    },
  });
}
