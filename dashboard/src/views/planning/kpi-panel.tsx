// KPI cards and charts (recharts): time to resolve per category, monthly received vs resolved, backlog.
// No chart animation: 1.5 s of frames on the main thread while the map draws (docs/dashboard.md).
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
import { useComune } from '../common/use-comune';

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

/** The reporters' average satisfaction over the rows, weighted by how many answered in each. */
function satisfaction(rows: KpiRow[]): { average: number | null; count: number } {
  let total = 0;
  let count = 0;
  for (const r of rows) {
    if (r.satisfactionAverage === null) continue;
    total += r.satisfactionAverage * r.satisfactionCount;
    count += r.satisfactionCount;
  }
  return { average: count > 0 ? total / count : null, count };
}

/** One row per comune, side by side (kpis(groupBy: MUNICIPALITY)) for a sovracomunale planner. */
function MunicipalityTable({ rows }: { rows: KpiRow[] }) {
  const { t } = useTranslation();
  const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
  const hours = (v: number | null) =>
    v === null ? '–' : t('planning.hours', { n: Math.round(v) });
  const days = (v: number | null) => (v === null ? '–' : t('planning.days', { n: Math.round(v) }));
  return (
    <figure className="chart" data-testid="kpi-by-municipality">
      <h3>{t('planning.byMunicipality')}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('planning.comune')}</th>
              <th scope="col">{t('planning.received')}</th>
              <th scope="col">{t('planning.resolved')}</th>
              <th scope="col">{t('planning.backlog')}</th>
              <th scope="col">{t('planning.overdue')}</th>
              <th scope="col">{t('planning.medianResolve')}</th>
              <th scope="col">{t('planning.withinSla')}</th>
              <th scope="col">{t('planning.reopenRate')}</th>
              <th scope="col">{t('planning.openAgeP90')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  {r.label} <small>({r.key})</small>
                </th>
                <td>{r.received}</td>
                <td>{r.resolved}</td>
                <td>{r.openBacklog}</td>
                <td>{r.overdue}</td>
                <td>{hours(r.medianResolveHours)}</td>
                <td>{pct(r.resolvedWithinSlaShare)}</td>
                <td>{pct(r.reopenRate)}</td>
                <td>{days(r.openAgeP90Days)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

export function KpiPanel({
  byCategory,
  byMunicipality,
  byChannel = [],
  series,
}: {
  byCategory: KpiRow[];
  /** Set when several comuni are read: the side-by-side table. */
  byMunicipality?: KpiRow[];
  /** KPI rows grouped by channel (key: web, phone, desk, email, pec, in_person, api). */
  byChannel?: KpiRow[];
  series: TimeSeriesRow[];
}) {
  const { t, i18n } = useTranslation();
  const targets = useComune()?.slaTargets;
  const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
  const maxOpenAge = byCategory.reduce<number | null>(
    (m, r) => (r.openAgeP90Days === null ? m : Math.max(m ?? 0, r.openAgeP90Days)),
    null,
  );
  const score = (v: number | null) =>
    v === null
      ? '–'
      : t('planning.satisfactionValue', {
          value: v.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'it-IT', {
            maximumFractionDigits: 1,
          }),
        });
  const overall = satisfaction(byCategory);
  const rated = byCategory.filter((r) => r.satisfactionCount > 0);
  const cards: [string, string][] = [
    [t('planning.received'), String(sum(byCategory, 'received'))],
    [t('planning.resolved'), String(sum(byCategory, 'resolved'))],
    [t('planning.backlog'), String(sum(byCategory, 'openBacklog'))],
    [t('planning.overdue'), String(sum(byCategory, 'overdue'))],
    [
      targets
        ? t('planning.withinSlaTarget', { target: pct(targets.onTimeShare) })
        : t('planning.withinSla'),
      pct(weighted(byCategory, 'resolvedWithinSlaShare')),
    ],
    [t('planning.reopenRate'), pct(weighted(byCategory, 'reopenRate'))],
    [
      t('planning.openAgeP90'),
      maxOpenAge === null ? '–' : t('planning.days', { n: Math.round(maxOpenAge) }),
    ],
    [t('planning.satisfaction', { count: overall.count }), score(overall.average)],
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
      {rated.length > 0 ? (
        <figure className="chart" data-testid="kpi-satisfaction">
          <h3>{t('planning.satisfactionByCategory')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('planning.satisfactionCategory')}</th>
                  <th scope="col">{t('planning.satisfactionAverage')}</th>
                  <th scope="col">{t('planning.satisfactionCount')}</th>
                </tr>
              </thead>
              <tbody>
                {rated.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    <td>{score(r.satisfactionAverage)}</td>
                    <td>{r.satisfactionCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </figure>
      ) : null}
      {targets ? (
        <p className="kpi-targets">
          {t('planning.targets', {
            share: pct(targets.onTimeShare),
            hours: targets.firstResponseHours,
          })}
        </p>
      ) : null}
      {byMunicipality && byMunicipality.length > 0 ? (
        <MunicipalityTable rows={byMunicipality} />
      ) : null}
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
                  {t(`ticketPage.channels.${r.key.toUpperCase()}`, { defaultValue: r.label })}
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
              <Bar isAnimationActive={false} dataKey="median" name="P50" fill="#0072b2" />
              <Bar isAnimationActive={false} dataKey="p90" name="P90" fill="#d55e00" />
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
              <Bar
                isAnimationActive={false}
                dataKey="received"
                name={t('planning.received')}
                fill="#0072b2"
              />
              <Bar
                isAnimationActive={false}
                dataKey="resolved"
                name={t('planning.resolved')}
                fill="#009e73"
              />
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
                isAnimationActive={false}
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
