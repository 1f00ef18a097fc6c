// The comune this page belongs to, as the server resolves its settings (server/services/comune-settings.ts):
// its name, coat of arms, privacy notice (null: the app's default text, naming the comune), SLA targets.
import { gql } from 'urql';

export const COMUNE_QUERY = gql`
  query Comune {
    municipality {
      id
      name
      istatCode
      codePrefix
      coatOfArms
      privacyNotice {
        it
        en
      }
      privacyNoticeVersion
      reportConfirmation
      slaTargets {
        onTimeShare
        firstResponseHours
      }
    }
  }
`;

export interface ComuneInfo {
  id: string;
  name: string;
  istatCode: string;
  /** The letters every tracking code of the comune starts with (SRV for Seravezza). */
  codePrefix: string;
  coatOfArms: string | null;
  privacyNotice: { it: string; en: string } | null;
  /** The version of privacyNotice, sent with a report or a join (null: the app's default text). */
  privacyNoticeVersion: number | null;
  /** Reports wait for their reporter to confirm the e-mail. */
  reportConfirmation: boolean;
  /** The comune's targets (its own or the deployment's): the planning KPIs are read against them. */
  slaTargets: { onTimeShare: number; firstResponseHours: number };
}
