// Ranked streets (streetStats): sortable on every figure (a button in each header, aria-sort on the
// sorted one), the street's name a button that zooms the map to it. Scrolls inside its box, all
// columns kept; the server ranks the first STREET_ROWS streets by the chosen figure.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StreetMetric, StreetStat } from '../../api/planning.operations';

export type StreetSortKey = 'name' | 'total' | 'open' | 'overdue' | 'ticketsPerKm' | 'recurrence';
export interface StreetSort {
  key: StreetSortKey;
  desc: boolean;
}
export const STREET_ROWS = 100;
const COLUMNS: StreetSortKey[] = ['name', 'open', 'total', 'overdue', 'ticketsPerKm', 'recurrence'];

/** The server's order that ranks streets by a figure (name: the default ranking by open tickets). */
export function serverOrder(key: StreetSortKey): StreetMetric {
  switch (key) {
    case 'total':
      return 'TOTAL_DESC';
    case 'overdue':
      return 'OVERDUE_DESC';
    case 'ticketsPerKm':
      return 'PER_KM_DESC';
    case 'recurrence':
      return 'RECURRENCE_DESC';
    default:
      return 'OPEN_DESC';
  }
}

export function sortStreets(rows: StreetStat[], sort: StreetSort, locale: string): StreetStat[] {
  const sign = sort.desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return sign * a.street.name.localeCompare(b.street.name, locale);
    const d = (a[sort.key] ?? -1) - (b[sort.key] ?? -1);
    return d !== 0 ? sign * d : a.street.name.localeCompare(b.street.name, locale);
  });
}

export function StreetTable({
  rows,
  totalCount,
  sort,
  onSort,
  selectedId,
  onSelect,
}: {
  rows: StreetStat[];
  totalCount: number;
  sort: StreetSort;
  onSort: (s: StreetSort) => void;
  selectedId: string | null;
  onSelect: (s: StreetStat) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'it-IT';
  const sorted = useMemo(() => sortStreets(rows, sort, locale), [rows, sort, locale]);
  const number = (n: number | null, digits = 0) =>
    n === null ? '–' : n.toLocaleString(locale, { maximumFractionDigits: digits });

  return (
    <section aria-labelledby="street-table-title" data-testid="street-table">
      <h2 id="street-table-title">{t('planning.streetTable')}</h2>
      <p className="hint">
        {t('planning.streetTableHint', { shown: rows.length, count: totalCount })}
      </p>
      <div
        className="table-wrap street-table"
        tabIndex={0}
        role="region"
        aria-labelledby="street-table-title"
      >
        <table>
          <thead>
            <tr>
              {COLUMNS.map((key) => {
                const active = sort.key === key;
                return (
                  <th
                    key={key}
                    scope="col"
                    aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                    className={key === 'name' ? undefined : 'num'}
                  >
                    <button
                      type="button"
                      onClick={() =>
                        onSort({
                          key,
                          // A figure starts from the highest, the name from A.
                          desc: active ? !sort.desc : key !== 'name',
                        })
                      }
                    >
                      {t(`planning.streetCol.${key}`)}
                      <span aria-hidden="true">{active ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((s) => (
              <tr key={s.street.id} aria-current={s.street.id === selectedId ? 'true' : undefined}>
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t('planning.zoomTo', { name: s.street.name })}
                    onClick={() => onSelect(s)}
                  >
                    {s.street.name}
                  </button>
                </th>
                <td className="num">{number(s.open)}</td>
                <td className="num">{number(s.total)}</td>
                <td className="num">{number(s.overdue)}</td>
                <td className="num">{number(s.ticketsPerKm, 1)}</td>
                <td className="num">{number(s.recurrence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p>{t('planning.noStreets')}</p> : null}
      </div>
    </section>
  );
}
