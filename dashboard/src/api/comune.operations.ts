// The comune this page belongs to, as the server resolves its settings (server/services/comune-settings.ts):
// its name, coat of arms and privacy notice (null: the app's default text, naming the comune).
import { gql } from 'urql';

export const COMUNE_QUERY = gql`
  query Comune {
    municipality {
      id
      name
      istatCode
      coatOfArms
      privacyNotice {
        it
        en
      }
    }
  }
`;

export interface ComuneInfo {
  id: string;
  name: string;
  istatCode: string;
  coatOfArms: string | null;
  privacyNotice: { it: string; en: string } | null;
}
