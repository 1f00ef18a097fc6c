// The citizens' data-copy and erasure requests on /ufficio/privacy, newest first, one page at a time
// (privacyRequests is a connection: pages of PAGE with their total), with an empty state.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gql, useQuery } from 'urql';

const PAGE = 20;

const PRIVACY_REQUESTS_QUERY = gql`
  query PrivacyRequests($first: Int!, $after: String) {
    privacyRequests(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          state
          email
          requestedAt
          completedAt
        }
      }
    }
  }
`;

interface PrivacyRequestsData {
  privacyRequests: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        id: string;
        kind: 'DATA_COPY' | 'ERASURE';
        state: 'PENDING' | 'COMPLETED' | 'EXPIRED';
        email: string | null;
        requestedAt: string;
        completedAt: string | null;
      };
    }[];
  };
}

export function PrivacyRequests() {
  const { t, i18n } = useTranslation();
  // The cursors of the pages seen so far: [null] is the first page.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [{ data, fetching }] = useQuery<PrivacyRequestsData>({
    query: PRIVACY_REQUESTS_QUERY,
    variables: { first: PAGE, after },
  });
  const date = (v: string | null) => (v ? new Date(v).toLocaleString(i18n.language) : '–');
  const list = data?.privacyRequests;
  const rows = list?.edges.map((e) => e.node) ?? [];
  const start = (cursors.length - 1) * PAGE;

  return (
    <section aria-labelledby="privacy-requests-title">
      <h2 id="privacy-requests-title">{t('privacyAdmin.requests')}</h2>
      {list && list.totalCount === 0 ? <p>{t('privacyAdmin.noRequests')}</p> : null}
      {rows.length > 0 ? (
        <>
          <p aria-live="polite">
            {t('privacyAdmin.range', {
              from: start + 1,
              to: start + rows.length,
              count: list?.totalCount ?? 0,
            })}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('privacyAdmin.kind')}</th>
                  <th scope="col">{t('privacyAdmin.state')}</th>
                  <th scope="col">{t('privacyAdmin.email')}</th>
                  <th scope="col">{t('privacyAdmin.requestedAt')}</th>
                  <th scope="col">{t('privacyAdmin.completedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{t(`privacyAdmin.kinds.${r.kind}`)}</td>
                    <td>{t(`privacyAdmin.states.${r.state}`)}</td>
                    <td>{r.email ?? t('privacyAdmin.erased')}</td>
                    <td>{date(r.requestedAt)}</td>
                    <td>{date(r.completedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {cursors.length > 1 || list?.pageInfo.hasNextPage ? (
        <nav aria-label={t('privacyAdmin.pages')}>
          <button
            type="button"
            disabled={cursors.length === 1 || fetching}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {t('privacyAdmin.previous')}
          </button>{' '}
          <button
            type="button"
            disabled={!list?.pageInfo.hasNextPage || fetching}
            onClick={() => {
              const next = list?.pageInfo.endCursor;
              if (next) setCursors((c) => [...c, next]);
            }}
          >
            {t('privacyAdmin.next')}
          </button>
        </nav>
      ) : null}
    </section>
  );
}
