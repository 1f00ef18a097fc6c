// KPI cards and charts (recharts): time to resolve per category, monthly received vs resolved, backlog.
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { KpiRow, TimeSeriesRow } from '../../api/planning.operations';

function sum(rows: KpiRow[], key: 'received' | 'resolved' | 'openBacklog' | 'overdue'): number {
  return rows.reduce((s, r) => s + r[key], 0);
}

function weighted(rows: KpiRow[], key: 'resolvedWithinSlaShare' | 'reopenRate'): number | null {
  let num = 0;
  let den = 0;
  for (const r of rows) {
    if (r[key] === null) continue;
    num += (r[key] as number) * r.resolved;
    den += r.resolved;
  }
  return den > 0 ? num / den : null;
}

export function KpiPanel({
  byCategory,
  byChannel = [],
  series,
}: {
  byCategory: KpiRow[];
  /** KPI rows grouped by channel (key: web, phone, desk, email, pec, in_person, api). */
  byChannel?: KpiRow[];
  series: TimeSeriesRow[];
}) {
  const { t, i18n } = useTranslation();
  const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
  const maxOpenAge = byCategory.reduce<number | null>(
    (m, r) => (r.openAgeP90Days === null ? m : Math.max(m ?? 0, r.openAgeP90Days)),
    null,
  );
  const cards: [string, string][] = [
    [t('planning.received'), String(sum(byCategory, 'received'))],
    [t('planning.resolved'), String(sum(byCategory, 'resolved'))],
    [t('planning.backlog'), String(sum(byCategory, 'openBacklog'))],
    [t('planning.overdue'), String(sum(byCategory, 'overdue'))],
    [t('planning.withinSla'), pct(weighted(byCategory, 'resolvedWithinSlaShare'))],
    [t('planning.reopenRate'), pct(weighted(byCategory, 'reopenRate'))],
    [
      t('planning.openAgeP90'),
      maxOpenAge === null ? '–' : t('planning.days', { n: Math.round(maxOpenAge) }),
    ],
  ];
  const locale = i18n.language === 'en' ? 'en-GB' : 'it-IT';
  const months = series.map((s) => ({
    ...s,
    month: new Date(s.start).toLocaleDateString(locale, { month: 'short', year: '2-digit' }),
  }));
  const resolve = byCategory.map((r) => ({
    name: r.label,
    median: r.medianResolveHours === null ? 0 : Math.round(r.medianResolveHours),
    p90: r.p90ResolveHours === null ? 0 : Math.round(r.p90ResolveHours),
  }));

  return (
    <section aria-labelledby="kpi-title">
      <h2 id="kpi-title">{t('planning.kpis')}</h2>
      <ul className="kpi-cards">
        {cards.map(([label, value]) => (
          <li key={label}>
            <span className="kpi-value">{value}</span>
            {label}
          </li>
        ))}
      </ul>
      {byChannel.length ? (
        <table className="kpi-channels" data-testid="kpi-by-channel">
          <caption>{t('planning.byChannel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('contractor.channel')}</th>
              <th scope="col">{t('planning.received')}</th>
            </tr>
          </thead>
          <tbody>
            {byChannel.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  {t(`contractor.channels.${r.key.toUpperCase()}`, { defaultValue: r.label })}
                </th>
                <td>{r.received}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="charts">
        <figure className="chart">
          <h3>{t('planning.chartResolve')}</h3>
          <ResponsiveContainer width="100%" height={Math.max(260, resolve.length * 34)}>
            <BarChart data={resolve} layout="vertical" margin={{ left: 20 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" />
              <YAxis
                type="category"
                dataKey="name"
                width={130}
                tick={{ fontSize: 11 }}
                interval={0}
              />
              <Tooltip />
              <Legend />
              <Bar dataKey="median" name="P50" fill="#0072b2" />
              <Bar dataKey="p90" name="P90" fill="#d55e00" />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart">
          <h3>{t('planning.chartMonthly')}</h3>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={months}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" tick={{ fontSize: 11 }} />
              <YAxis />
              <Tooltip />
              <Legend />
              <Bar dataKey="received" name={t('planning.received')} fill="#0072b2" />
              <Bar dataKey="resolved" name={t('planning.resolved')} fill="#009e73" />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart">
          <h3>{t('planning.chartBacklog')}</h3>
          <ResponsiveContainer width="100%" height={260}>
            <LineChart data={months}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" tick={{ fontSize: 11 }} />
              <YAxis />
              <Tooltip />
              <Line
                type="monotone"
                dataKey="backlog"
                name={t('planning.backlog')}
                stroke="#bd0026"
                strokeWidth={2}
                dot={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      </div>
    </section>
  );
}
