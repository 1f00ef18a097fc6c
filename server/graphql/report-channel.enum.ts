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
  description:
    'How a report reached the comune: the citizen web form, or taken by staff (phone, desk/URP, e-mail, PEC, in person), or an integrator (api).',
});
