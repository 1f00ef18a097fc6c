// How a report reached the comune (ticket.channel, migration 042): one GraphQL enum for every reader and
// writer of the column (the inbox filter, reports taken by staff). The values are the database's (REPORT_CHANNELS in server/domain/report.ts).
import { registerEnumType } from 'type-graphql';

export enum ReportChannel {
  WEB = 'web',
  PHONE = 'phone',
  DESK = 'desk',
  EMAIL = 'email',
  PEC = 'pec',
  IN_PERSON = 'in_person',
  API = 'api',
}

registerEnumType(ReportChannel, {
  name: 'ReportChannel',
  description: 'How a report reached the comune.',
  valuesConfig: {
    WEB: { description: 'Modulo web: the citizen filed it.' },
    PHONE: { description: 'Telefono: taken by staff on a call.' },
    DESK: { description: 'Sportello (URP): taken by staff at the desk.' },
    EMAIL: { description: 'E-mail received by the comune.' },
    PEC: { description: 'Posta elettronica certificata.' },
    IN_PERSON: { description: 'Di persona: reported to a member of staff in the field.' },
    API: { description: 'An integrator, through the API.' },
  },
});
