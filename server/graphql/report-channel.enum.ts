import { registerEnumType } from 'type-graphql';

/** How a report reached the comune (ticket.channel, migration 042); the values are the database's. */
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
  description:
    'web: the citizen form; phone, desk (URP), email, pec, in_person: taken by staff for a citizen; api: an integrator.',
});
