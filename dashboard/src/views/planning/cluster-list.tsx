// Duplicate clusters by proximity (duplicateClusters), largest first: each a button that zooms the map to
// the cluster and opens its panel (tickets, merge into the original).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cluster } from '../../api/planning.operations';
import { categoryName, useCategories } from '../common/use-categories';

export function ClusterList({
  clusters,
  selectedId,
  onSelect,
}: {
  clusters: Cluster[];
  selectedId: string | null;
  onSelect: (c: Cluster) => void;
}) {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const names = useMemo(
    () => new Map(categories.map((c) => [c.id, categoryName(c, i18n.language)])),
    [categories, i18n.language],
  );
  const sorted = useMemo(
    () =>
      [...clusters].sort(
        (a, b) =>
          b.count - a.count || b.supportersTotal - a.supportersTotal || a.radiusM - b.radiusM,
      ),
    [clusters],
  );
  return (
    <section aria-labelledby="cluster-list-title" data-testid="cluster-list">
      <h2 id="cluster-list-title">{t('planning.clusterList')}</h2>
      {sorted.length === 0 ? (
        <p>{t('planning.noClusters')}</p>
      ) : (
        <ol className="cluster-list" tabIndex={0} aria-labelledby="cluster-list-title">
          {sorted.map((c) => (
            <li key={c.id} aria-current={c.id === selectedId ? 'true' : undefined}>
              <button type="button" className="link-button" onClick={() => onSelect(c)}>
                {t('planning.clusterItem', {
                  count: c.count,
                  category: names.get(c.categoryId) ?? '',
                })}
              </button>{' '}
              <span className="hint">
                {t('planning.clusterDetail', {
                  original: c.suggestedOriginal,
                  radius: Math.round(c.radiusM),
                  supporters: c.supportersTotal,
                })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
