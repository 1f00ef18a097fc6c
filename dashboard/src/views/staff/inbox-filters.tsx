// The inbox's filter bar: free text (words, address or tracking code), type, priority, street, office,
// channel, overdue, due soon and "assigned to me". Selects apply at once; the text on Enter.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { STREET_SEARCH_QUERY, type StreetSearchData } from '../../api/citizen.operations';
import { OFFICES_QUERY, REPORT_CHANNELS, type ReportChannel } from '../../api/staff.operations';
import { categoryName, useCategories } from '../common/use-categories';
import type { InboxState } from './inbox-state';

export function InboxFilters({
  state,
  update,
}: {
  state: InboxState;
  update: (patch: Partial<InboxState>) => void;
}) {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const [offices] = useQuery<{ offices: { id: string; name: string }[] }>({ query: OFFICES_QUERY });
  const [text, setText] = useState(state.text);
  const [street, setStreet] = useState(state.streetName);
  useEffect(() => setText(state.text), [state.text]);
  useEffect(() => setStreet(state.streetName), [state.streetName]);
  const [streets] = useQuery<StreetSearchData>({
    query: STREET_SEARCH_QUERY,
    variables: { search: street },
    pause: street.trim().length < 2,
  });
  const streetOptions = streets.data?.streets.edges.map((e) => e.node) ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const match = streetOptions.find((s) => s.name.toLowerCase() === street.trim().toLowerCase());
    update({
      text: text.trim(),
      ...(street.trim() === ''
        ? { streetId: '', streetName: '' }
        : match
          ? { streetId: match.id, streetName: match.name }
          : {}),
    });
  };

  return (
    <form className="filters inbox-filters" onSubmit={submit} aria-label={t('staff.work.filters')}>
      <div className="field grow">
        <label htmlFor="inbox-text">{t('staff.work.text')}</label>
        <input
          id="inbox-text"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor="inbox-category">{t('staff.work.category')}</label>
        <select
          id="inbox-category"
          value={state.categoryId}
          onChange={(e) => update({ categoryId: e.target.value })}
        >
          <option value="">{t('staff.work.anyCategory')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {categoryName(c, i18n.language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field narrow">
        <label htmlFor="inbox-priority">{t('staff.work.priority')}</label>
        <select
          id="inbox-priority"
          value={state.priority}
          onChange={(e) => update({ priority: e.target.value })}
        >
          <option value="">{t('staff.work.anyPriority')}</option>
          {[1, 2, 3, 4].map((p) => (
            <option key={p} value={String(p)}>
              {t(`staff.priorities.${p}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="inbox-street">{t('staff.work.street')}</label>
        <input
          id="inbox-street"
          list="inbox-street-options"
          value={street}
          onChange={(e) => {
            setStreet(e.target.value);
            const match = streetOptions.find((s) => s.name === e.target.value);
            if (match) update({ streetId: match.id, streetName: match.name });
            else if (e.target.value === '') update({ streetId: '', streetName: '' });
          }}
          autoComplete="off"
        />
        <datalist id="inbox-street-options">
          {streetOptions.map((s) => (
            <option key={s.id} value={s.name}>
              {s.locality ?? ''}
            </option>
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="inbox-office">{t('staff.work.office')}</label>
        <select
          id="inbox-office"
          value={state.officeId}
          onChange={(e) => update({ officeId: e.target.value })}
        >
          <option value="">{t('staff.work.anyOffice')}</option>
          {(offices.data?.offices ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="inbox-channel">{t('staff.work.channel')}</label>
        <select
          id="inbox-channel"
          value={state.channel}
          onChange={(e) => update({ channel: e.target.value as ReportChannel | '' })}
        >
          <option value="">{t('staff.work.anyChannel')}</option>
          {REPORT_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`ticketPage.channels.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="check-group">
        <label>
          <input
            type="checkbox"
            checked={state.overdue}
            onChange={(e) => update({ overdue: e.target.checked })}
          />
          {t('staff.onlyOverdue')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={state.dueSoon}
            onChange={(e) => update({ dueSoon: e.target.checked })}
          />
          {t('staff.onlyDueSoon')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={state.mine}
            onChange={(e) => update({ mine: e.target.checked })}
          />
          {t('staff.work.mine')}
        </label>
      </div>
      <button type="submit">{t('list.apply')}</button>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          update({
            text: '',
            categoryId: '',
            priority: '',
            streetId: '',
            streetName: '',
            officeId: '',
            channel: '',
            overdue: false,
            dueSoon: false,
            mine: false,
          })
        }
      >
        {t('staff.work.clear')}
      </button>
    </form>
  );
}
