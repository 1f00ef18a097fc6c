// The questions of the chosen category (Category.questions): one control per type, answers kept as
// strings (option values for choices). The server checks them again (checkAnswers) and names the
// question it refuses; its message is shown under the questions.
import { useTranslation } from 'react-i18next';
import type { CategoryQuestion } from '../../api/citizen.operations';
import { Field } from '../common/field';

export type Answers = Record<string, string[]>;

interface Props {
  questions: CategoryQuestion[];
  answers: Answers;
  onChange: (answers: Answers) => void;
  /** Client errors by question id, and the server's message for the questions as a whole. */
  errors: Record<string, string>;
  serverError?: string;
}

/** The answers to send: one value, or the chosen values of a multiple choice; unanswered ones left out. */
export function answersInput(questions: CategoryQuestion[], answers: Answers) {
  return questions
    .map((q) => ({ q, values: (answers[q.id] ?? []).filter((v) => v.trim() !== '') }))
    .filter(({ values }) => values.length > 0)
    .map(({ q, values }) =>
      q.type === 'MULTIPLE_CHOICE'
        ? { questionId: q.id, values }
        : { questionId: q.id, value: values[0] },
    );
}

/** The required questions left unanswered, by id. */
export function missingAnswers(questions: CategoryQuestion[], answers: Answers): string[] {
  return questions
    .filter((q) => q.required && !(answers[q.id] ?? []).some((v) => v.trim() !== ''))
    .map((q) => q.id);
}

export function CategoryQuestions({ questions, answers, onChange, errors, serverError }: Props) {
  const { t, i18n } = useTranslation();
  if (questions.length === 0) return null;
  const en = i18n.language === 'en';
  const set = (id: string, values: string[]) => onChange({ ...answers, [id]: values });
  return (
    <fieldset id="f-answers" tabIndex={-1}>
      <legend>{t('report.questions')}</legend>
      {questions.map((q) => {
        const id = `f-q-${q.id}`;
        const label = en ? q.labelEn : q.label;
        const value = answers[q.id] ?? [];
        if (q.type === 'MULTIPLE_CHOICE')
          return (
            <fieldset
              key={q.id}
              className="checkbox-group"
              aria-describedby={errors[q.id] ? `${id}-error` : undefined}
            >
              <legend>
                {label}
                {q.required ? <span aria-hidden="true"> *</span> : null}
              </legend>
              {q.options.map((o) => (
                <div className="checkbox" key={o.value}>
                  <input
                    id={`${id}-${o.value}`}
                    type="checkbox"
                    checked={value.includes(o.value)}
                    onChange={(e) =>
                      set(
                        q.id,
                        e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value),
                      )
                    }
                  />
                  <label htmlFor={`${id}-${o.value}`}>{en ? o.labelEn : o.label}</label>
                </div>
              ))}
              {errors[q.id] ? (
                <p id={`${id}-error`} className="error-text">
                  {errors[q.id]}
                </p>
              ) : null}
            </fieldset>
          );
        const choices =
          q.type === 'YES_NO'
            ? [
                { value: 'true', label: t('report.yes') },
                { value: 'false', label: t('report.no') },
              ]
            : q.type === 'SINGLE_CHOICE'
              ? q.options.map((o) => ({ value: o.value, label: en ? o.labelEn : o.label }))
              : null;
        return (
          <Field key={q.id} id={id} label={label} error={errors[q.id]} required={q.required}>
            {choices ? (
              <select value={value[0] ?? ''} onChange={(e) => set(q.id, [e.target.value])}>
                <option value="">{t('report.chooseAnswer')}</option>
                {choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                type="text"
                inputMode={q.type === 'NUMBER' ? 'decimal' : undefined}
                maxLength={500}
                value={value[0] ?? ''}
                onChange={(e) => set(q.id, [e.target.value])}
              />
            )}
          </Field>
        );
      })}
      {serverError ? <p className="error-text">{serverError}</p> : null}
    </fieldset>
  );
}
