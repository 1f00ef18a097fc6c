// The mail to a webhook's owner when the sender pauses it: Italian first, English second (integrators
// may not read Italian). It names the URL's origin only (a path may carry the receiver's own token).
import { renderMail, type MailContent } from './mail-layout.js';

export interface WebhookPausedData {
  webhookId: number;
  url: string;
  failures: number;
  lastError: string;
  municipalityName: string;
  /** Where the owner resumes it (the GraphQL API). */
  apiUrl: string;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(indirizzo non valido)';
  }
}

export function renderWebhookPausedMail(d: WebhookPausedData): MailContent {
  const origin = originOf(d.url);
  return renderMail({
    subject: `Webhook ${d.webhookId} sospeso: ${origin} non risponde (Comune di ${d.municipalityName})`,
    paragraphs: [
      `Il webhook ${d.webhookId} verso ${origin} ha fallito ${d.failures} consegne di fila ed è stato sospeso. Gli eventi successivi restano in coda, nell'ordine: quando il ricevitore funziona di nuovo, riattivalo con la mutation resumeWebhook(id: "${d.webhookId}") e riceverà tutto.`,
      `Ultimo errore: ${d.lastError}`,
      `Webhook ${d.webhookId} to ${origin} failed ${d.failures} deliveries in a row and was paused. Later events stay queued, in order: once the receiver works again, resume it with resumeWebhook(id: "${d.webhookId}") and it gets them all.`,
    ],
    link: { label: 'API GraphQL', url: d.apiUrl },
    footer: [
      `Comune di ${d.municipalityName} – Segnala, messaggio automatico per gli integratori.`,
    ],
  });
}
