// Street search for placing the pin: a text box and a list of matching streets (buttons).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { STREET_SEARCH_QUERY, type StreetSearchData } from '../../api/citizen.operations';

export function StreetSearch({
  onPick,
}: {
  onPick: (street: { id: string; name: string }) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const search = text.trim();
  const [{ data, fetching }] = useQuery<StreetSearchData>({
    query: STREET_SEARCH_QUERY,
    variables: { search },
    pause: search.length < 2,
  });
  const streets = search.length >= 2 ? (data?.streets.edges.map((e) => e.node) ?? []) : [];

  return (
    <div className="street-search">
      <label htmlFor="street-search">{t('report.street')}</label>
      <p id="street-search-hint" className="hint">
        {t('report.streetHint')}
      </p>
      <input
        id="street-search"
        type="search"
        autoComplete="off"
        value={text}
        aria-describedby="street-search-hint"
        onChange={(e) => setText(e.target.value)}
      />
      {search.length >= 2 && !fetching && streets.length === 0 ? (
        <p role="status">{t('report.noStreets')}</p>
      ) : null}
      {streets.length > 0 ? (
        <ul className="street-results" aria-label={t('report.street')}>
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
