// /ufficio/privacy — admins: the versions of the comune's privacy notice (publish a new one; the older
// ones stay for the reports that accepted them) and the citizens' data-copy and erasure requests
// (privacy-requests.tsx, in pages).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { gql, useMutation, useQuery } from 'urql';
import { formErrors } from '../../api/errors';
import { PrivacyRequests } from './privacy-requests';

const PRIVACY_ADMIN_QUERY = gql`
  query PrivacyAdmin {
    privacyNotices {
      version
      it
      en
      createdAt
    }
  }
`;

const PUBLISH_MUTATION = gql`
  mutation PublishPrivacyNotice($it: String!, $en: String!) {
    publishPrivacyNotice(it: $it, en: $en) {
      version
    }
  }
`;

interface PrivacyAdminData {
  privacyNotices: { version: number; it: string; en: string; createdAt: string }[];
}

export function PrivacyAdminView() {
  const { t, i18n } = useTranslation();
  const [{ data }, refetch] = useQuery<PrivacyAdminData>({ query: PRIVACY_ADMIN_QUERY });
  const [result, publish] = useMutation(PUBLISH_MUTATION);
  const current = data?.privacyNotices[0];
  const [textIt, setIt] = useState<string | null>(null);
  const [textEn, setEn] = useState<string | null>(null);
  const errors = formErrors(result.error);
  const date = (v: string | null) => (v ? new Date(v).toLocaleString(i18n.language) : '–');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await publish({ it: textIt ?? current?.it ?? '', en: textEn ?? current?.en ?? '' });
    if (r.data) refetch({ requestPolicy: 'network-only' });
  };

  return (
    <section aria-labelledby="privacy-admin-title">
      <h1 id="privacy-admin-title">{t('privacyAdmin.title')}</h1>
      <h2>{t('privacyAdmin.notice')}</h2>
      <p>
        {current
          ? t('privacyAdmin.current', { version: current.version, date: date(current.createdAt) })
          : t('privacyAdmin.none')}
      </p>
      <form onSubmit={(e) => void onSubmit(e)}>
        <div className="field">
          <label htmlFor="notice-it">{t('privacyAdmin.textIt')}</label>
          <textarea
            id="notice-it"
            rows={8}
            required
            value={textIt ?? current?.it ?? ''}
            onChange={(e) => setIt(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="notice-en">{t('privacyAdmin.textEn')}</label>
          <textarea
            id="notice-en"
            rows={8}
            required
            value={textEn ?? current?.en ?? ''}
            onChange={(e) => setEn(e.target.value)}
          />
        </div>
        <button type="submit" disabled={result.fetching}>
          {t('privacyAdmin.publish')}
        </button>
        {errors.general.length || Object.keys(errors.fields).length ? (
          <p className="error-text" role="alert">
            {[...errors.general, ...Object.values(errors.fields)].join(' ')}
          </p>
        ) : null}
      </form>
      <PrivacyRequests />
    </section>
  );
}
