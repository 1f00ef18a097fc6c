// The event types a webhook subscription may ask for. The SQL triggers of sql/052 (ticket_event) and
// sql/063 (intervention_event) decide which change makes which event; this list is what integrators
// may subscribe to. A new source of events adds its name here and calls segnala_webhook_enqueue()
// from its own trigger — nothing else changes.
import { AppError } from './app-error.js';

export const WEBHOOK_EVENTS = [
  'ticket.created',
  'ticket.status_changed',
  'ticket.public_note',
  'ticket.assigned',
  /** Any change of an intervention (sql/063's trigger on intervention_event); its tickets' own changes come as ticket events. */
  'intervention.changed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** The requested event types, unique, each a known one; BAD_USER_INPUT on `events` otherwise. */
export function validateWebhookEvents(events: readonly string[]): WebhookEvent[] {
  const unique = [...new Set(events)];
  const unknown = unique.filter((e) => !isWebhookEvent(e));
  if (unknown.length > 0 || unique.length === 0)
    throw new AppError(
      'BAD_USER_INPUT',
      unknown.length > 0
        ? `Tipo di evento sconosciuto: "${unknown[0].slice(0, 60)}". Ammessi: ${WEBHOOK_EVENTS.join(', ')}.`
        : `Indica almeno un tipo di evento (${WEBHOOK_EVENTS.join(', ')}).`,
      { field: 'events', allowed: [...WEBHOOK_EVENTS] },
    );
  return unique as WebhookEvent[];
}
