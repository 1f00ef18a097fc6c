// A new intervention, prefilled from a ranked candidate (?candidato=<key>: its street, office, reports
// and estimated cost) or from reports selected in the inbox (?segnalazioni=<ids>&codici=…&ufficio=…).
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { formErrors } from '../../api/errors';
import {
  CANDIDATES_QUERY,
  CREATE_INTERVENTION_MUTATION,
  type Candidate,
  type InterventionPayload,
} from '../../api/intervention.operations';
import { messageText } from '../staff/action-result';
import { candidatePlace } from './candidate-place';
import { interventionError } from './intervention-errors';
import { addDays, formatEuro, formatNumber, parseEuro, todayInRome } from './format';
import { useOffices } from './use-offices';
import { programmePath } from './paths';

interface Draft {
  title: string;
  description: string;
  officeId: string;
  cost: string;
  plannedStart: string;
  plannedEnd: string;
}

function defaultDates(): Pick<Draft, 'plannedStart' | 'plannedEnd'> {
  const start = addDays(todayInRome(), 7);
  return { plannedStart: start, plannedEnd: addDays(start, 13) };
}

export function InterventionForm() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const key = params.get('candidato');
  const { offices } = useOffices();
  const [candidates] = useQuery<{ interventionCandidates: Candidate[] }>({
    query: CANDIDATES_QUERY,
    variables: { first: 50 },
    pause: !key,
  });
  const candidate = useMemo(
    () => candidates.data?.interventionCandidates.find((c) => c.key === key) ?? null,
    [candidates.data, key],
  );
  const fromInbox = useMemo(() => {
    const ids = (params.get('segnalazioni') ?? '').split(',').filter((s) => /^\d+$/.test(s));
    const codes = (params.get('codici') ?? '').split(',').filter(Boolean);
    return { ids, codes: codes.length === ids.length ? codes : ids };
  }, [params]);
  const tickets = candidate
    ? candidate.tickets.map((x) => ({ id: x.id, code: x.code }))
    : fromInbox.ids.map((id, n) => ({ id, code: fromInbox.codes[n] }));

  const [draft, setDraft] = useState<Draft>({
    title: '',
    description: '',
    officeId: params.get('ufficio') ?? '',
    cost: '',
    ...defaultDates(),
  });
  useEffect(() => {
    if (!candidate) return;
    setDraft((d) => ({
      ...d,
      title: t('interventions.form.titleFrom', { place: candidatePlace(candidate, t) }),
      officeId: candidate.officeId,
      cost: formatNumber(candidate.estimatedCost, i18n.language, 2),
    }));
  }, [candidate, t, i18n.language]);
  useEffect(() => {
    if (!draft.officeId && offices.length === 1)
      setDraft((d) => ({ ...d, officeId: offices[0].id }));
  }, [offices, draft.officeId]);

  const [{ fetching, error }, create] = useMutation<{ createIntervention: InterventionPayload }>(
    CREATE_INTERVENTION_MUTATION,
  );
  const errors = formErrors(error);
  const general =
    error && Object.keys(errors.fields).length === 0 ? interventionError(error) : null;
  const set = (k: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  const fieldError = (f: string) =>
    errors.fields[f] ? (
      <p className="error-text" id={`new-${f}-error`}>
        {i18n.language.startsWith('it')
          ? errors.fields[f]
          : t(`interventions.errors.fields.${f}`, {
              defaultValue: t('interventions.errors.BAD_USER_INPUT'),
            })}
      </p>
    ) : null;
  const described = (f: string) => (errors.fields[f] ? `new-${f}-error` : undefined);

  const submit = async () => {
    const result = await create({
      input: {
        title: draft.title,
        description: draft.description || null,
        officeId: draft.officeId,
        ticketIds: tickets.map((x) => x.id),
        // Not an amount: -1, so the server's rule on estimatedCost answers in words.
        estimatedCost: parseEuro(draft.cost, i18n.language) ?? -1,
        plannedStart: draft.plannedStart,
        plannedEnd: draft.plannedEnd,
        streetId: candidate?.kind === 'STREET' ? (candidate.street?.id ?? null) : null,
      },
    });
    const id = result.data?.createIntervention.intervention.id;
    if (id) navigate(programmePath(id));
  };

  return (
    <form
      aria-labelledby="new-intervention-title"
      className="intervention-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="new-intervention-title">{t('interventions.form.title')}</h2>
      {candidate ? (
        <p data-testid="form-source">
          {t('interventions.form.fromCandidate', {
            place: candidatePlace(candidate, t),
            score: formatNumber(candidate.score, i18n.language, 2),
            cost: formatEuro(candidate.estimatedCost, i18n.language),
          })}
        </p>
      ) : null}
      {key && candidates.data && !candidate ? (
        <p role="alert">{t('interventions.form.candidateGone')}</p>
      ) : null}
      <div className="field">
        <label htmlFor="new-title">{t('interventions.fields.title')}</label>
        <input
          id="new-title"
          required
          maxLength={200}
          value={draft.title}
          onChange={set('title')}
          aria-invalid={errors.fields.title ? true : undefined}
          aria-describedby={described('title')}
        />
        {fieldError('title')}
      </div>
      <div className="field">
        <label htmlFor="new-description">{t('interventions.fields.description')}</label>
        <textarea id="new-description" value={draft.description} onChange={set('description')} />
      </div>
      <div className="field">
        <label htmlFor="new-office">{t('interventions.fields.office')}</label>
        <select
          id="new-office"
          required
          value={draft.officeId}
          onChange={set('officeId')}
          aria-invalid={errors.fields.officeId ? true : undefined}
          aria-describedby={described('officeId')}
        >
          <option value="">–</option>
          {offices.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        {fieldError('officeId')}
      </div>
      <div className="field">
        <label htmlFor="new-cost">{t('interventions.form.cost')}</label>
        <input
          id="new-cost"
          inputMode="decimal"
          required
          value={draft.cost}
          onChange={set('cost')}
          aria-invalid={errors.fields.estimatedCost ? true : undefined}
          aria-describedby={described('estimatedCost')}
        />
        {fieldError('estimatedCost')}
      </div>
      <div className="two-col">
        <div className="field">
          <label htmlFor="new-start">{t('interventions.fields.plannedStart')}</label>
          <input
            id="new-start"
            type="date"
            required
            value={draft.plannedStart}
            onChange={set('plannedStart')}
            aria-describedby={described('plannedStart')}
          />
          {fieldError('plannedStart')}
        </div>
        <div className="field">
          <label htmlFor="new-end">{t('interventions.fields.plannedEnd')}</label>
          <input
            id="new-end"
            type="date"
            required
            value={draft.plannedEnd}
            onChange={set('plannedEnd')}
            aria-invalid={errors.fields.plannedEnd ? true : undefined}
            aria-describedby={described('plannedEnd')}
          />
          {fieldError('plannedEnd')}
        </div>
      </div>
      <fieldset>
        <legend>{t('interventions.form.tickets', { count: tickets.length })}</legend>
        {tickets.length === 0 ? (
          <p className="hint">{t('interventions.form.noTickets')}</p>
        ) : (
          <ul className="intervention-tickets" data-testid="form-tickets">
            {tickets.map((x) => (
              <li key={x.id}>{x.code}</li>
            ))}
          </ul>
        )}
        {fieldError('ticketIds')}
      </fieldset>
      <div role="alert">
        {general ? <p className="error-text">{messageText(general, t, i18n.language)}</p> : null}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={fetching}>
          {t('interventions.form.submit')}
        </button>
      </div>
    </form>
  );
}
