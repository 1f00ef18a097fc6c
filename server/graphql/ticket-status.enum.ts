import { registerEnumType } from 'type-graphql';
import type { TicketStatus as DomainStatus } from '../domain/ticket-status.js';

/** GraphQL names of the ticket states; the values are the domain (database) names. */
export enum TicketStatus {
  RECEIVED = 'received',
  ACKNOWLEDGED = 'acknowledged',
  IN_PROGRESS = 'in_progress',
  RESOLVED = 'resolved',
  REJECTED = 'rejected',
  DUPLICATE = 'duplicate',
}

registerEnumType(TicketStatus, {
  name: 'TicketStatus',
  description:
    'Phase of a report: received → acknowledged (presa in carico) → in progress (in lavorazione) → resolved (conclusa); or rejected / duplicate.',
  valuesConfig: {
    RECEIVED: { description: 'Ricevuta: not yet looked at by the office.' },
    ACKNOWLEDGED: { description: 'Presa in carico: the office has taken it in hand.' },
    IN_PROGRESS: { description: 'In lavorazione: work is under way.' },
    RESOLVED: { description: 'Conclusa: the problem has been fixed.' },
    REJECTED: { description: 'Respinta: not a fault, not our competence, or cannot be fixed.' },
    DUPLICATE: { description: 'Duplicata: the same problem as another report, followed there.' },
  },
});

export function toDomainStatus(status: TicketStatus): DomainStatus {
  return status as unknown as DomainStatus;
}

export function toGraphQLStatus(status: DomainStatus): TicketStatus {
  return status as unknown as TicketStatus;
}
