// /segnalazioni/:code/valuta?t=…: "Com'è andata?", the one-question survey of a resolution: five
// labelled radio buttons in a fieldset (arrow keys move between them), an optional comment, once per report.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { RATE_RESOLUTION_MUTATION } from '../../api/citizen.operations';
import { Field } from '../common/field';
import { FeedbackDone } from './feedback-done';
import { fieldError, linkRefusal, useFeedbackLink } from './feedback-link';

const SCORES = [1, 2, 3, 4, 5] as const;
const MAX_COMMENT = 2000;

export default function RateView() {
  const { t } = useTranslation();
  const { code, token } = useFeedbackLink();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState(false);
  const [state, send] = useMutation(RATE_RESOLUTION_MUTATION);
  const refusal = linkRefusal(state.error, t);
  const scoreError = missing ? t('feedback.scoreMissing') : fieldError(state.error, 'score');

  if (done)
    return (
      <FeedbackDone
        id="rate-title"
        title={t('feedback.rateDoneTitle')}
        text={t('feedback.rateDone')}
        code={code}
      />
    );

  return (
    <section aria-labelledby="rate-title">
      <h1 id="rate-title">{t('feedback.rateTitle')}</h1>
      <p>{t('feedback.rateIntro', { code })}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (score === null) return setMissing(true);
          void send({ code, token, score, comment: comment.trim() || null }).then(
            (r) => r.data && setDone(true),
          );
        }}
      >
        <fieldset
          className="rating"
          aria-describedby={scoreError ? 'rate-score-error' : undefined}
          aria-invalid={scoreError ? true : undefined}
        >
          <legend>{t('feedback.question')}</legend>
          {SCORES.map((n) => (
            <div key={n} className="rating-option">
              <input
                type="radio"
                id={`rate-score-${n}`}
                name="score"
                value={n}
                checked={score === n}
                onChange={() => {
                  setScore(n);
                  setMissing(false);
                }}
              />
              <label htmlFor={`rate-score-${n}`}>
                {n} – {t(`feedback.score${n}`)}
              </label>
            </div>
          ))}
          {scoreError ? (
            <p id="rate-score-error" className="error-text">
              {scoreError}
            </p>
          ) : null}
        </fieldset>
        <Field
          id="rate-comment"
          label={t('feedback.rateComment')}
          error={fieldError(state.error, 'comment')}
          counter={{ count: comment.length, max: MAX_COMMENT }}
        >
          <textarea
            rows={4}
            maxLength={MAX_COMMENT}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </Field>
        {refusal ? (
          <p className="error-text" role="alert">
            {refusal}
          </p>
        ) : null}
        <button type="submit" disabled={state.fetching}>
          {t('feedback.rateSend')}
        </button>
      </form>
    </section>
  );
}
