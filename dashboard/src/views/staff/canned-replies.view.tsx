// /ufficio/risposte — admins keep the canned replies (risposte predefinite): per category and phase
// (or all), in Italian and English. Operators pick them in the public reply of the ticket page.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { ALL_STATUSES, type TicketStatus } from '../../api/citizen.operations';
import {
  ALL_CANNED_REPLIES_QUERY,
  CREATE_CANNED_REPLY_MUTATION,
  DELETE_CANNED_REPLY_MUTATION,
  UPDATE_CANNED_REPLY_MUTATION,
  type CannedReplyFull,
} from '../../api/staff.operations';
import { categoryName, useCategories } from '../common/use-categories';
import { errorMessage, messageText, type ActionMessage } from './action-result';

const EMPTY = { categoryId: '', phase: '', title: '', textIt: '', textEn: '' };

export function CannedRepliesView() {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const [{ data }, refetch] = useQuery<{ cannedReplies: CannedReplyFull[] }>({
    query: ALL_CANNED_REPLIES_QUERY,
    requestPolicy: 'network-only',
  });
  const [, create] = useMutation(CREATE_CANNED_REPLY_MUTATION);
  const [, update] = useMutation(UPDATE_CANNED_REPLY_MUTATION);
  const [, remove] = useMutation(DELETE_CANNED_REPLY_MUTATION);
  const [form, setForm] = useState(EMPTY);
  const [editing, setEditing] = useState<CannedReplyFull | null>(null);
  const [message, setMessage] = useState<ActionMessage | null>(null);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const input = {
    categoryId: form.categoryId || null,
    phase: (form.phase || null) as TicketStatus | null,
    title: form.title,
    textIt: form.textIt,
    textEn: form.textEn,
  };
  const done = (r: { error?: Parameters<typeof errorMessage>[0] }) => {
    if (r.error) return setMessage(errorMessage(r.error));
    setMessage({ kind: 'success', key: 'canned.saved' });
    setForm(EMPTY);
    setEditing(null);
    refetch({ requestPolicy: 'network-only' });
  };
  const save = () =>
    void (
      editing ? update({ id: editing.id, version: editing.version, input }) : create({ input })
    ).then(done);
  const edit = (r: CannedReplyFull) => {
    setEditing(r);
    setForm({
      categoryId: r.categoryId ?? '',
      phase: r.phase ?? '',
      title: r.title,
      textIt: r.textIt,
      textEn: r.textEn,
    });
  };
  const catName = (id: string | null) => {
    const c = categories.find((x) => x.id === id);
    return c ? categoryName(c, i18n.language) : t('canned.allCategories');
  };
  const replies = data?.cannedReplies ?? [];

  return (
    <section aria-labelledby="canned-title">
      <p>
        <Link to="/ufficio">{t('staff.back')}</Link>
      </p>
      <h1 id="canned-title">{t('canned.title')}</h1>
      <p role="status" className={message?.kind === 'error' ? 'error-text' : 'success-text'}>
        {message ? messageText(message, t, i18n.language) : null}
      </p>
      {replies.length === 0 ? <p>{t('canned.none')}</p> : null}
      {replies.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('canned.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('canned.name')}</th>
                <th scope="col">{t('tracking.category')}</th>
                <th scope="col">{t('canned.phase')}</th>
                <th scope="col">{t('canned.textIt')}</th>
                <th scope="col">{t('staff.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {replies.map((r) => (
                <tr key={r.id}>
                  <td>{r.title}</td>
                  <td>{catName(r.categoryId)}</td>
                  <td>{r.phase ? t(`status.${r.phase}`) : t('canned.allPhases')}</td>
                  <td>{r.textIt}</td>
                  <td>
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={t('canned.edit', { title: r.title })}
                      onClick={() => edit(r)}
                    >
                      {t('canned.editShort')}
                    </button>{' '}
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={t('canned.delete', { title: r.title })}
                      onClick={() => void remove({ id: r.id }).then(done)}
                    >
                      {t('canned.deleteShort')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <fieldset className="composer">
          <legend>{editing ? t('canned.editTitle') : t('canned.new')}</legend>
          <div className="filters">
            <div className="field">
              <label htmlFor="canned-category">{t('tracking.category')}</label>
              <select id="canned-category" value={form.categoryId} onChange={set('categoryId')}>
                <option value="">{t('canned.allCategories')}</option>
                {categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {categoryName(c, i18n.language)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="canned-phase">{t('canned.phase')}</label>
              <select id="canned-phase" value={form.phase} onChange={set('phase')}>
                <option value="">{t('canned.allPhases')}</option>
                {ALL_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field">
            <label htmlFor="canned-name">{t('canned.name')}</label>
            <input id="canned-name" value={form.title} onChange={set('title')} required />
          </div>
          <div className="field">
            <label htmlFor="canned-it">{t('canned.textIt')}</label>
            <textarea
              id="canned-it"
              rows={3}
              value={form.textIt}
              onChange={set('textIt')}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="canned-en">{t('canned.textEn')}</label>
            <textarea
              id="canned-en"
              rows={3}
              value={form.textEn}
              onChange={set('textEn')}
              required
            />
          </div>
          <div className="actions">
            <button type="submit">{t('staff.save')}</button>
            {editing ? (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setEditing(null);
                  setForm(EMPTY);
                }}
              >
                {t('ticketPage.cancel')}
              </button>
            ) : null}
          </div>
        </fieldset>
      </form>
    </section>
  );
}
