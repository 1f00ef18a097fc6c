// From–to range of creation days: two date inputs, applied (and kept in the URL) only when valid; an end
// before the start says so and changes nothing. A month chosen on the slider clears the range, and back.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanningState } from './planning-state';

export function DateRange({
  state,
  update,
}: {
  state: PlanningState;
  update: (p: Partial<PlanningState>) => void;
}) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(state.from ?? '');
  const [to, setTo] = useState(state.to ?? '');
  // The URL wins when it changes under us (the month slider, a shared link).
  useEffect(() => setFrom(state.from ?? ''), [state.from]);
  useEffect(() => setTo(state.to ?? ''), [state.to]);
  const invalid = from !== '' && to !== '' && to < from;

  const apply = (nextFrom: string, nextTo: string) => {
    if (nextFrom !== '' && nextTo !== '' && nextTo < nextFrom) return;
    update({ from: nextFrom || null, to: nextTo || null, month: null });
  };

  return (
    <fieldset>
      <legend>{t('planning.range')}</legend>
      <label htmlFor="range-from">{t('planning.rangeFrom')}</label>
      <input
        id="range-from"
        type="date"
        value={from}
        max={to || undefined}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'range-error' : undefined}
        onChange={(e) => {
          setFrom(e.target.value);
          apply(e.target.value, to);
        }}
      />
      <label htmlFor="range-to">{t('planning.rangeTo')}</label>
      <input
        id="range-to"
        type="date"
        value={to}
        min={from || undefined}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'range-error' : undefined}
        onChange={(e) => {
          setTo(e.target.value);
          apply(from, e.target.value);
        }}
      />
      {invalid ? (
        <p id="range-error" role="alert" className="error-text">
          {t('planning.rangeInvalid')}
        </p>
      ) : null}
      {state.from || state.to ? (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setFrom('');
            setTo('');
            update({ from: null, to: null });
          }}
        >
          {t('planning.rangeClear')}
        </button>
      ) : null}
    </fieldset>
  );
}
