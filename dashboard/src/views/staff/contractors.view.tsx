// /ufficio/ditte — admins keep the external contractors (ditte esterne): name, e-mail, the categories
// they usually handle; a contractor no longer used is disabled (its past work stays in the history).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import {
  CONTRACTORS_QUERY,
  SAVE_CONTRACTOR_MUTATION,
  SET_CONTRACTOR_DISABLED_MUTATION,
  type Contractor,
} from '../../api/contractor.operations';
import { formErrors } from '../../api/errors';
import { Field } from '../common/field';
import { categoryName, useCategories } from '../common/use-categories';

export function ContractorsView() {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const [{ data }, refetch] = useQuery<{ contractors: Contractor[] }>({
    query: CONTRACTORS_QUERY,
    variables: { includeDisabled: true },
    requestPolicy: 'network-only',
  });
  const [saved, save] = useMutation(SAVE_CONTRACTOR_MUTATION);
  const [, setDisabled] = useMutation(SET_CONTRACTOR_DISABLED_MUTATION);
  const [editing, setEditing] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [categoryIds, setCategoryIds] = useState<string[]>([]);
  const errors = formErrors(saved.error, {});
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const edit = (c: Contractor | null) => {
    setEditing(c?.id ?? null);
    setName(c?.name ?? '');
    setEmail(c?.email ?? '');
    setCategoryIds(c?.categoryIds ?? []);
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await save({ input: { id: editing, name, email, categoryIds } });
    if (!r.error) {
      edit(null);
      reload();
    }
  };

  return (
    <section aria-labelledby="contractors-title">
      <p>
        <Link to="/ufficio">{t('staff.back')}</Link>
      </p>
      <h1 id="contractors-title">{t('contractor.adminTitle')}</h1>
      <table>
        <caption className="visually-hidden">{t('contractor.adminTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('contractor.name')}</th>
            <th scope="col">{t('staff.email')}</th>
            <th scope="col">{t('contractor.categories')}</th>
            <th scope="col">{t('staff.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(data?.contractors ?? []).map((c) => (
            <tr key={c.id} className={c.disabledAt ? 'muted' : undefined}>
              <td>
                {c.name}
                {c.disabledAt ? ` (${t('contractor.disabled')})` : ''}
              </td>
              <td>{c.email}</td>
              <td>
                {c.categoryIds
                  .map((id) => categories.find((k) => k.id === id))
                  .filter((k) => k !== undefined)
                  .map((k) => categoryName(k, i18n.language))
                  .join(', ')}
              </td>
              <td>
                <button type="button" className="secondary" onClick={() => edit(c)}>
                  {t('contractor.edit')}
                </button>{' '}
                <button
                  type="button"
                  className="secondary"
                  onClick={() =>
                    void setDisabled({ id: c.id, disabled: !c.disabledAt }).then(reload)
                  }
                >
                  {c.disabledAt ? t('contractor.enable') : t('contractor.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void onSubmit(e)}>
        <h2>{editing ? t('contractor.edit') : t('contractor.add')}</h2>
        <Field
          id="f-contractor-name"
          label={t('contractor.name')}
          error={errors.fields.name}
          required
        >
          <input
            type="text"
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field
          id="f-contractor-email"
          label={t('staff.email')}
          error={errors.fields.email}
          required
        >
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <fieldset>
          <legend>{t('contractor.categories')}</legend>
          {categories.map((k) => (
            <div className="checkbox" key={k.id}>
              <input
                id={`f-cat-${k.id}`}
                type="checkbox"
                checked={categoryIds.includes(k.id)}
                onChange={(e) =>
                  setCategoryIds(
                    e.target.checked
                      ? [...categoryIds, k.id]
                      : categoryIds.filter((x) => x !== k.id),
                  )
                }
              />
              <label htmlFor={`f-cat-${k.id}`}>{categoryName(k, i18n.language)}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={saved.fetching}>
          {t('staff.save')}
        </button>
        {errors.general.map((m) => (
          <p key={m} role="alert" className="error-text">
            {m}
          </p>
        ))}
      </form>
    </section>
  );
}
