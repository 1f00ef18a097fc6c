// A clicked duplicate cluster: its tickets and "merge into the original" (markDuplicate for each other
// ticket; staff of the office only — the server answers FORBIDDEN to others and we say so).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useClient } from 'urql';
import type { Cluster } from '../../api/planning.operations';
import { MARK_DUPLICATE_MUTATION } from '../../api/staff.operations';

const FIND = `query FindForMerge($text: String!) { inbox(filter: { text: $text }, first: 1) { edges { node { id code version } } } }`;

interface Found {
  inbox: { edges: { node: { id: string; code: string; version: number } }[] };
}

export function ClusterPanel({ cluster, onClose }: { cluster: Cluster; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [message, setMessage] = useState<string | null>(null);

  const find = async (code: string) => {
    const r = await client
      .query<Found>(FIND, { text: code }, { requestPolicy: 'network-only' })
      .toPromise();
    if (r.error) throw new Error(r.error.graphQLErrors[0]?.message ?? r.error.message);
    const node = r.data?.inbox.edges.find((e) => e.node.code === code)?.node;
    if (!node) throw new Error(code);
    return node;
  };

  const merge = async () => {
    setMessage(t('app.loading'));
    try {
      const original = await find(cluster.suggestedOriginal);
      for (const ticket of cluster.tickets.filter((x) => x.code !== cluster.suggestedOriginal)) {
        const dup = await find(ticket.code);
        const r = await client
          .mutation(MARK_DUPLICATE_MUTATION, {
            id: dup.id,
            version: dup.version,
            originalId: original.id,
            note: null,
            public: true,
          })
          .toPromise();
        if (r.error) throw new Error(r.error.graphQLErrors[0]?.message ?? r.error.message);
      }
      setMessage(t('staff.done'));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div
      className="cluster-panel"
      role="region"
      aria-label={t('planning.clusterTitle', { count: cluster.count })}
    >
      <h2>{t('planning.clusterTitle', { count: cluster.count })}</h2>
      <p>{t('planning.suggestedOriginal', { code: cluster.suggestedOriginal })}</p>
      <ul>
        {cluster.tickets.map((tk) => (
          <li key={tk.code}>
            <Link to={`/segnalazioni/${tk.code}`}>{tk.code}</Link> – {t(`status.${tk.status}`)} –{' '}
            {t('planning.days', { n: Math.round(tk.ageDays) })}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={() => void merge()}>
          {t('planning.merge')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('app.close')}
        </button>
      </div>
      <p role="status">{message}</p>
    </div>
  );
}
