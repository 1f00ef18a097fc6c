// The calendar of scheduled interventions (programmati and in corso) by week or by month, per office: a
// list of days for the week, a 7-column table for the month; days are the planned calendar days
// (Europe/Rome), weekday and month names from Intl in the page's language. ?giorno=YYYY-MM-DD picks
// the week or month shown (default: today in Rome).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import {
  INTERVENTIONS_QUERY,
  type InterventionNode,
  type InterventionsData,
} from '../../api/intervention.operations';
import { addDays, dayToDate, formatDay, intlLocale, todayInRome } from './format';
import { InterventionStatusBadge } from './status-badge';
import { useOffices } from './use-offices';
import { programmePath } from './paths';

type Mode = 'settimana' | 'mese';

/** The Monday of the week holding `day`. */
function weekStart(day: string): string {
  const weekday = (dayToDate(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function addMonths(day: string, n: number): string {
  const d = dayToDate(monthStart(day));
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

/** The days shown: a week, or the whole weeks covering a month. */
function daysOf(mode: Mode, day: string): string[] {
  const first = mode === 'settimana' ? weekStart(day) : weekStart(monthStart(day));
  const last =
    mode === 'settimana'
      ? addDays(first, 6)
      : addDays(weekStart(addDays(addMonths(day, 1), -1)), 6);
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}

export function InterventionCalendar() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const mode: Mode = params.get('vista') === 'mese' ? 'mese' : 'settimana';
  const today = todayInRome();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get('giorno') ?? '')
    ? params.get('giorno')!
    : today;
  const office = params.get('ufficio') ?? '';
  const { offices, name } = useOffices();
  const [{ data, error }] = useQuery<InterventionsData>({
    query: INTERVENTIONS_QUERY,
    variables: {
      filter: {
        statuses: ['SCHEDULED', 'IN_PROGRESS'],
        ...(office ? { officeIds: [office] } : {}),
      },
      first: 100,
    },
    requestPolicy: 'cache-and-network',
  });
  const days = useMemo(() => daysOf(mode, day), [mode, day]);
  const on = useMemo(() => {
    const nodes = data?.interventions.edges.map((e) => e.node) ?? [];
    return (d: string): InterventionNode[] =>
      nodes.filter((n) => n.plannedStart <= d && d <= n.plannedEnd);
  }, [data]);
  const go = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const step = (n: number) =>
    go({ giorno: mode === 'settimana' ? addDays(day, 7 * n) : addMonths(day, n) });
  const heading =
    mode === 'settimana'
      ? t('interventions.calendar.week', {
          from: formatDay(days[0], lang, { day: 'numeric', month: 'long' }),
          to: formatDay(days[6], lang, { day: 'numeric', month: 'long', year: 'numeric' }),
        })
      : formatDay(monthStart(day), lang, { month: 'long', year: 'numeric' });
  const weekdays = days.slice(0, 7).map((d) => formatDay(d, lang, { weekday: 'long' }));
  const entry = (n: InterventionNode) => (
    <li key={n.id}>
      <Link to={programmePath(n.id)}>{n.title}</Link> <InterventionStatusBadge status={n.status} />
      <br />
      <small>{name(n.officeId)}</small>
    </li>
  );

  return (
    <section aria-labelledby="calendar-title" data-testid="calendar">
      <h2 id="calendar-title">{t('interventions.calendar.title')}</h2>
      <div className="filters">
        <div className="view-switch" role="group" aria-label={t('interventions.calendar.view')}>
          {(['settimana', 'mese'] as const).map((m) => (
            <button
              key={m}
              type="button"
              className="secondary"
              aria-pressed={mode === m}
              onClick={() => go({ vista: m === 'mese' ? 'mese' : '' })}
            >
              {t(`interventions.calendar.${m === 'mese' ? 'byMonth' : 'byWeek'}`)}
            </button>
          ))}
        </div>
        <div className="field">
          <label htmlFor="calendar-office">{t('interventions.list.office')}</label>
          <select
            id="calendar-office"
            value={office}
            onChange={(e) => go({ ufficio: e.target.value })}
          >
            <option value="">{t('interventions.list.allOffices')}</option>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <nav className="actions" aria-label={t('interventions.calendar.nav')}>
          <button type="button" className="secondary" onClick={() => step(-1)}>
            {t(
              mode === 'settimana'
                ? 'interventions.calendar.prevWeek'
                : 'interventions.calendar.prevMonth',
            )}
          </button>
          <button type="button" className="secondary" onClick={() => go({ giorno: '' })}>
            {t('interventions.calendar.today')}
          </button>
          <button type="button" className="secondary" onClick={() => step(1)}>
            {t(
              mode === 'settimana'
                ? 'interventions.calendar.nextWeek'
                : 'interventions.calendar.nextMonth',
            )}
          </button>
        </nav>
      </div>
      {error ? <p role="alert">{t('app.error')}</p> : null}
      <h3 aria-live="polite" data-testid="calendar-heading">
        {heading}
      </h3>
      {mode === 'settimana' ? (
        <ol className="calendar-week">
          {days.map((d) => {
            const items = on(d);
            return (
              <li key={d} className={d === today ? 'calendar-today' : undefined} data-day={d}>
                <h4>
                  {formatDay(d, lang, { weekday: 'long', day: 'numeric', month: 'long' })}
                  {d === today ? (
                    <span className="visually-hidden"> ({t('interventions.calendar.today')})</span>
                  ) : null}
                </h4>
                {items.length === 0 ? (
                  <p className="muted">{t('interventions.calendar.nothing')}</p>
                ) : (
                  <ul>{items.map(entry)}</ul>
                )}
              </li>
            );
          })}
        </ol>
      ) : (
        <div className="table-wrap">
          <table className="calendar-month">
            <caption className="visually-hidden">{heading}</caption>
            <thead>
              <tr>
                {weekdays.map((w) => (
                  <th scope="col" key={w}>
                    {w}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: days.length / 7 }, (_, w) => (
                <tr key={days[w * 7]}>
                  {days.slice(w * 7, w * 7 + 7).map((d) => {
                    const items = on(d);
                    const inMonth = d.slice(0, 7) === day.slice(0, 7);
                    return (
                      <td
                        key={d}
                        data-day={d}
                        className={
                          [inMonth ? '' : 'calendar-out', d === today ? 'calendar-today' : '']
                            .join(' ')
                            .trim() || undefined
                        }
                      >
                        <span className="calendar-day">
                          {new Intl.DateTimeFormat(intlLocale(lang), {
                            day: 'numeric',
                            timeZone: 'UTC',
                          }).format(dayToDate(d))}
                        </span>
                        {items.length > 0 ? <ul>{items.map(entry)}</ul> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
