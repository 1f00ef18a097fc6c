// Where an intervention pays off, and what a budget buys: the top candidates (score, estimated cost,
// reports, reports per 1,000 €) each with "Crea intervento", and the budget plan (planInterventions)
// whose candidates the planner may deselect before "Crea gli interventi" makes them all at once.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import {
  CANDIDATES_QUERY,
  CREATE_FROM_PLAN_MUTATION,
  PLAN_QUERY,
  type Candidate,
  type PlanData,
} from '../../api/intervention.operations';
import { messageText, type ActionMessage } from '../staff/action-result';
import { candidatePlace } from './candidate-place';
import { interventionError } from './intervention-errors';
import { addDays, formatEuro, formatNumber, parseEuro, todayInRome } from './format';
import { useOffices } from './use-offices';
import { programmePath } from './paths';

const TOP = 10;
const DEFAULT_BUDGET = 50_000;
/** createInterventionsFromPlan takes at most 100 keys (one transaction). */
const MAX_FROM_PLAN = 100;

function CandidateCells({ c }: { c: Candidate }) {
  const { t, i18n } = useTranslation();
  const { name } = useOffices();
  const lang = i18n.language;
  return (
    <>
      <td data-label={t('interventions.candidates.where')}>
        {candidatePlace(c, t)}
        <br />
        <small>
          {t(`interventions.candidates.kind.${c.kind}`)} · {name(c.officeId)}
        </small>
      </td>
      <td data-label={t('interventions.candidates.score')} className="num">
        {formatNumber(c.score, lang, 2)}
      </td>
      <td data-label={t('interventions.candidates.cost')} className="num nowrap">
        {formatEuro(c.estimatedCost, lang)}
      </td>
      <td data-label={t('interventions.candidates.tickets')} className="num">
        {c.ticketCount}
      </td>
      <td data-label={t('interventions.candidates.per1000')} className="num">
        {c.ticketsPer1000Euro === null ? '–' : formatNumber(c.ticketsPer1000Euro, lang, 2)}
      </td>
    </>
  );
}

function CandidateHead({ first, last }: { first: string; last?: string }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t('interventions.candidates.where')}</th>
        <th scope="col" className="num">
          {t('interventions.candidates.score')}
        </th>
        <th scope="col" className="num">
          {t('interventions.candidates.cost')}
        </th>
        <th scope="col" className="num">
          {t('interventions.candidates.tickets')}
        </th>
        <th scope="col" className="num">
          {t('interventions.candidates.per1000')}
        </th>
        {last ? <th scope="col">{last}</th> : null}
      </tr>
    </thead>
  );
}

export function TopCandidates() {
  const { t, i18n } = useTranslation();
  const [{ data, error, fetching }] = useQuery<{ interventionCandidates: Candidate[] }>({
    query: CANDIDATES_QUERY,
    variables: { first: TOP },
    requestPolicy: 'cache-and-network',
  });
  const list = data?.interventionCandidates;
  return (
    <section aria-labelledby="candidates-title">
      <h2 id="candidates-title">{t('interventions.candidates.title')}</h2>
      <p className="hint">{t('interventions.candidates.scoreHint')}</p>
      {error ? <p role="alert">{messageText(interventionError(error), t, i18n.language)}</p> : null}
      {fetching && !list ? <p role="status">{t('app.loading')}</p> : null}
      {list && list.length === 0 ? <p>{t('interventions.candidates.none')}</p> : null}
      {list && list.length > 0 ? (
        <div className="table-wrap">
          <table className="programme-table" data-testid="candidates-table">
            <caption className="visually-hidden">{t('interventions.candidates.title')}</caption>
            <CandidateHead
              first={t('interventions.candidates.rank')}
              last={t('interventions.candidates.action')}
            />
            <tbody>
              {list.map((c, n) => (
                <tr key={c.key}>
                  <td data-label={t('interventions.candidates.rank')}>{n + 1}</td>
                  <CandidateCells c={c} />
                  <td>
                    <Link
                      className="button-link small"
                      to={`${programmePath('nuovo')}?candidato=${encodeURIComponent(c.key)}`}
                      aria-label={t('interventions.candidates.createFor', {
                        place: candidatePlace(c, t),
                      })}
                    >
                      {t('interventions.candidates.create')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

export function BudgetPlan() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [input, setInput] = useState(String(DEFAULT_BUDGET));
  const [budget, setBudget] = useState(DEFAULT_BUDGET);
  const [left, setLeft] = useState<Set<string>>(new Set());
  const [start, setStart] = useState(() => addDays(todayInRome(), 7));
  const [end, setEnd] = useState(() => addDays(todayInRome(), 7 + 90));
  const [message, setMessage] = useState<ActionMessage | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery<PlanData>({
    query: PLAN_QUERY,
    variables: { budget },
    requestPolicy: 'cache-and-network',
  });
  const [creating, createFromPlan] = useMutation<{ createInterventionsFromPlan: { id: string }[] }>(
    CREATE_FROM_PLAN_MUTATION,
  );
  const plan = data?.planInterventions;
  const chosen = useMemo(
    () => (plan ? plan.candidates.filter((c) => !left.has(c.key)) : []),
    [plan, left],
  );
  const cost = chosen.reduce((s, c) => s + c.estimatedCost, 0);
  const tickets = chosen.reduce((s, c) => s + c.ticketCount, 0);
  const parsed = parseEuro(input, lang);
  const invalid = parsed === null;

  const create = async () => {
    setMessage(null);
    const result = await createFromPlan({
      keys: chosen.map((c) => c.key),
      plannedStart: start,
      plannedEnd: end,
    });
    if (result.error) setMessage(interventionError(result.error));
    else {
      const n = result.data?.createInterventionsFromPlan.length ?? 0;
      setMessage({
        kind: 'success',
        // Plural chosen here: the message keeps its values as strings.
        key: `interventions.plan.created_${n === 1 ? 'one' : 'other'}`,
        values: { count: String(n) },
      });
      setLeft(new Set());
      refetch({ requestPolicy: 'network-only' });
    }
  };

  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">{t('interventions.plan.title')}</h2>
      <form
        className="filters"
        aria-labelledby="plan-title"
        onSubmit={(e) => {
          e.preventDefault();
          setLeft(new Set());
          if (parsed !== null) setBudget(parsed);
        }}
      >
        <div className="field">
          <label htmlFor="plan-budget">{t('interventions.plan.budget')}</label>
          <input
            id="plan-budget"
            inputMode="decimal"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            aria-invalid={invalid ? true : undefined}
            aria-describedby="plan-budget-hint"
          />
          <p className="hint" id="plan-budget-hint">
            {invalid ? t('interventions.plan.budgetInvalid') : t('interventions.plan.budgetHint')}
          </p>
        </div>
        <button type="submit" disabled={invalid}>
          {t('interventions.plan.compute')}
        </button>
      </form>
      {error ? <p role="alert">{messageText(interventionError(error), t, lang)}</p> : null}
      {fetching && !plan ? <p role="status">{t('app.loading')}</p> : null}
      {plan ? (
        <>
          <ul className="kpi-cards" data-testid="plan-summary">
            <li>
              <span className="kpi-value">{formatEuro(cost, lang)}</span>
              {t('interventions.plan.totalCost', { budget: formatEuro(plan.budget, lang, 0) })}
            </li>
            <li>
              <span className="kpi-value">{tickets}</span>
              {t('interventions.plan.ticketCount')}
            </li>
            <li>
              <span className="kpi-value">{chosen.length}</span>
              {t('interventions.plan.chosen')}
            </li>
            <li>
              <span className="kpi-value">+{plan.nextTenPercentAddedTickets}</span>
              {t('interventions.plan.nextTen', {
                budget: formatEuro(plan.nextTenPercent.budget, lang, 0),
                score: formatNumber(plan.nextTenPercentAddedScore, lang, 2),
                cost: formatEuro(plan.nextTenPercent.totalCost - plan.totalCost, lang),
              })}
            </li>
          </ul>
          <p className="hint">
            {t(`interventions.plan.method.${plan.method}`)}{' '}
            {t('interventions.plan.planned', {
              cost: formatEuro(plan.totalCost, lang),
              tickets: plan.ticketCount,
            })}
          </p>
          {plan.candidates.length === 0 ? (
            <p data-testid="plan-empty">{t('interventions.plan.empty')}</p>
          ) : (
            // A plan may choose a hundred candidates: they scroll in their own region, the totals stay in view.
            <div
              className="table-wrap plan-scroll"
              role="region"
              tabIndex={0}
              aria-label={t('interventions.plan.tableCaption')}
            >
              <table className="programme-table" data-testid="plan-table">
                <caption className="visually-hidden">
                  {t('interventions.plan.tableCaption')}
                </caption>
                <CandidateHead first={t('interventions.plan.include')} />
                <tbody>
                  {plan.candidates.map((c) => (
                    <tr key={c.key}>
                      <td data-label={t('interventions.plan.include')}>
                        <input
                          type="checkbox"
                          checked={!left.has(c.key)}
                          aria-label={t('interventions.plan.includeOne', {
                            place: candidatePlace(c, t),
                          })}
                          onChange={(e) => {
                            const next = new Set(left);
                            if (e.target.checked) next.delete(c.key);
                            else next.add(c.key);
                            setLeft(next);
                          }}
                        />
                      </td>
                      <CandidateCells c={c} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {plan.candidates.length > 0 ? (
            <form
              className="composer"
              aria-labelledby="plan-create-title"
              onSubmit={(e) => {
                e.preventDefault();
                void create();
              }}
            >
              <h3 id="plan-create-title">{t('interventions.plan.createTitle')}</h3>
              <div className="two-col">
                <div className="field">
                  <label htmlFor="plan-start">{t('interventions.fields.plannedStart')}</label>
                  <input
                    id="plan-start"
                    type="date"
                    value={start}
                    onChange={(e) => setStart(e.target.value)}
                  />
                </div>
                <div className="field">
                  <label htmlFor="plan-end">{t('interventions.fields.plannedEnd')}</label>
                  <input
                    id="plan-end"
                    type="date"
                    value={end}
                    onChange={(e) => setEnd(e.target.value)}
                  />
                </div>
              </div>
              <div className="actions">
                {chosen.length > MAX_FROM_PLAN ? (
                  <p className="hint" id="plan-create-limit">
                    {t('interventions.plan.tooMany', { max: MAX_FROM_PLAN })}
                  </p>
                ) : null}
                <button
                  type="submit"
                  className="primary"
                  aria-describedby={chosen.length > MAX_FROM_PLAN ? 'plan-create-limit' : undefined}
                  disabled={
                    creating.fetching || chosen.length === 0 || chosen.length > MAX_FROM_PLAN
                  }
                >
                  {t('interventions.plan.create', { count: chosen.length })}
                </button>
              </div>
            </form>
          ) : null}
        </>
      ) : null}
      <div role={message?.kind === 'error' ? 'alert' : 'status'} data-testid="plan-message">
        {message ? (
          <p className={message.kind === 'error' ? 'error-text' : 'success-text'}>
            {messageText(message, t, lang)}{' '}
            {message.kind === 'success' ? (
              <Link to={programmePath()}>{t('interventions.plan.toList')}</Link>
            ) : null}
          </p>
        ) : null}
      </div>
    </section>
  );
}
