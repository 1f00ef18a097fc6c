// Left panel of the planning view: layer switches, street metric, month slider (animatable), from–to
// date range, filters.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { ALL_STATUSES } from '../../api/citizen.operations';
import type { AnalyticsMunicipality, StreetMetric } from '../../api/planning.operations';
import { OFFICES_QUERY } from '../../api/staff.operations';
import { categoryName, useCategories } from '../common/use-categories';
import { DateRange } from './date-range';
import { LAYER_IDS, monthRange, type PlanningState } from './planning-state';

export const MONTHS_BACK = 24;
const METRICS: StreetMetric[] = [
  'OPEN_DESC',
  'TOTAL_DESC',
  'OVERDUE_DESC',
  'PER_KM_DESC',
  'RECURRENCE_DESC',
];

function toggle<T>(values: T[], value: T, on: boolean): T[] {
  return on ? [...values, value] : values.filter((v) => v !== value);
}

export function PlanningFilters({
  state,
  update,
  comuni,
}: {
  state: PlanningState;
  update: (p: Partial<PlanningState>) => void;
  /** The comuni this planner may read (own first); a selector only when there are several. */
  comuni: AnalyticsMunicipality[];
}) {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const [offices] = useQuery<{ offices: { id: string; name: string }[] }>({ query: OFFICES_QUERY });
  const [playing, setPlaying] = useState(false);
  const sliderValue = state.month === null ? 0 : MONTHS_BACK - state.month;
  const monthLabel =
    state.month === null
      ? t('planning.allMonths')
      : monthRange(state.month)[0].toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'it-IT', {
          month: 'long',
          year: 'numeric',
        });

  useEffect(() => {
    if (!playing) return;
    const timer = window.setTimeout(() => {
      const current = state.month === null ? MONTHS_BACK + 1 : state.month;
      if (current <= 0) setPlaying(false);
      else update({ month: current - 1, from: null, to: null });
    }, 900);
    return () => window.clearTimeout(timer);
  }, [playing, state, update]);

  return (
    <div className="planning-panel">
      <fieldset>
        <legend>{t('planning.layers')}</legend>
        <div className="check-group" style={{ flexDirection: 'column' }}>
          {LAYER_IDS.map((id) => (
            <label key={id}>
              <input
                type="checkbox"
                name="layer"
                value={id}
                checked={state.layers.includes(id)}
                onChange={(e) => update({ layers: toggle(state.layers, id, e.target.checked) })}
              />
              {t(`planning.layer.${id}`)}
            </label>
          ))}
        </div>
        <label htmlFor="metric" style={{ marginTop: '0.5rem' }}>
          {t('planning.metric')}
        </label>
        <select
          id="metric"
          value={state.metric}
          onChange={(e) => update({ metric: e.target.value as StreetMetric })}
        >
          {METRICS.map((m) => (
            <option key={m} value={m}>
              {t(`planning.metrics.${m}`)}
            </option>
          ))}
        </select>
      </fieldset>
      <fieldset>
        <legend>{t('planning.months')}</legend>
        <label htmlFor="month-slider">{monthLabel}</label>
        <div className="month-row">
          <input
            id="month-slider"
            type="range"
            min={0}
            max={MONTHS_BACK}
            value={sliderValue}
            aria-valuetext={monthLabel}
            onChange={(e) => {
              const v = Number(e.target.value);
              update({ month: v === 0 ? null : MONTHS_BACK - v, from: null, to: null });
            }}
          />
        </div>
        <button
          type="button"
          className="secondary"
          aria-pressed={playing}
          onClick={() => setPlaying(!playing)}
        >
          {playing ? t('planning.pause') : t('planning.play')}
        </button>
      </fieldset>
      <DateRange state={state} update={update} />
      {comuni.length > 1 ? (
        <fieldset>
          <legend>{t('planning.comuni')}</legend>
          <p className="hint">{t('planning.comuniHint')}</p>
          <div className="check-group" style={{ flexDirection: 'column' }}>
            {comuni.map((c, i) => {
              // No choice is the page's own comune alone.
              const chosen = state.comuni.length ? state.comuni : [comuni[0].id];
              return (
                <label key={c.id}>
                  <input
                    type="checkbox"
                    name="comuni"
                    value={c.id}
                    checked={chosen.includes(c.id)}
                    disabled={i === 0 && chosen.length === 1 && chosen[0] === c.id}
                    onChange={(e) => {
                      const next = toggle(chosen, c.id, e.target.checked);
                      update({
                        comuni: next.length === 1 && next[0] === comuni[0].id ? [] : next,
                        // Categories and offices are the page's comune's: a choice of them would hide the others.
                        categoryIds: [],
                        officeIds: [],
                      });
                    }}
                  />
                  {c.name}
                </label>
              );
            })}
          </div>
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t('planning.categories')}</legend>
        <div className="check-group" style={{ flexDirection: 'column' }}>
          {categories.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                name="category"
                checked={state.categoryIds.includes(c.id)}
                onChange={(e) =>
                  update({ categoryIds: toggle(state.categoryIds, c.id, e.target.checked) })
                }
              />
              {categoryName(c, i18n.language)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('planning.statuses')}</legend>
        <div className="check-group" style={{ flexDirection: 'column' }}>
          {ALL_STATUSES.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={state.statuses.includes(s)}
                onChange={(e) => update({ statuses: toggle(state.statuses, s, e.target.checked) })}
              />
              {t(`status.${s}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('planning.offices')}</legend>
        <div className="check-group" style={{ flexDirection: 'column' }}>
          {(offices.data?.offices ?? []).map((o) => (
            <label key={o.id}>
              <input
                type="checkbox"
                checked={state.officeIds.includes(o.id)}
                onChange={(e) =>
                  update({ officeIds: toggle(state.officeIds, o.id, e.target.checked) })
                }
              />
              {o.name}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
