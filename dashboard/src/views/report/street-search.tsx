// Street search for placing the pin: a text box and a list of matching streets (buttons).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { STREET_SEARCH_QUERY, type StreetSearchData } from '../../api/citizen.operations';

export function StreetSearch({
  onPick,
  inputId = 'street-search',
  label,
  hint,
  initialText = '',
}: {
  onPick: (street: { id: string; name: string }) => void;
  /** Another page's own box (the public list's street filter): its id, label and hint. */
  inputId?: string;
  label?: string;
  hint?: string;
  initialText?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(initialText);
  const search = text.trim();
  const [{ data, fetching }] = useQuery<StreetSearchData>({
    query: STREET_SEARCH_QUERY,
    variables: { search },
    pause: search.length < 2,
  });
  const streets = search.length >= 2 ? (data?.streets.edges.map((e) => e.node) ?? []) : [];

  return (
    <div className="street-search">
      <label htmlFor={inputId}>{label ?? t('report.street')}</label>
      <p id={`${inputId}-hint`} className="hint">
        {hint ?? t('report.streetHint')}
      </p>
      <input
        id={inputId}
        type="search"
        autoComplete="off"
        value={text}
        aria-describedby={`${inputId}-hint`}
        onChange={(e) => setText(e.target.value)}
      />
      {search.length >= 2 && !fetching && streets.length === 0 ? (
        <p role="status">{t('report.noStreets')}</p>
      ) : null}
      {streets.length > 0 ? (
        <ul className="street-results" aria-label={label ?? t('report.street')}>
          {streets.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                onClick={() => {
                  onPick(s);
                  setText(s.name);
                }}
              >
                {s.name}
                {s.locality ? <span className="muted"> – {s.locality}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
