// A labelled form control with an optional hint, error and character counter, wired with
// aria-describedby/aria-invalid. The counter shows the server's limit (the control's maxLength is the
// same number), so nothing is cut without the person seeing it.
import { cloneElement, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  /** Live "37 caratteri su 120" under the control; at the limit it says so (role=status). */
  counter?: { count: number; max: number };
  children: ReactElement<Record<string, unknown>>;
}

export function Field({ id, label, hint, error, required, counter, children }: FieldProps) {
  const described =
    [hint ? `${id}-hint` : null, counter ? `${id}-counter` : null, error ? `${id}-error` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {cloneElement(children, {
        id,
        'aria-describedby': described,
        'aria-invalid': error ? true : undefined,
        'aria-required': required || undefined,
      })}
      {counter ? <CharCounter id={`${id}-counter`} {...counter} /> : null}
      {error ? (
        <p id={`${id}-error`} className="error-text">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function CharCounter({ id, count, max }: { id: string; count: number; max: number }) {
  const { t } = useTranslation();
  const near = count >= max * 0.9;
  return (
    <>
      <p id={id} className={`char-counter${near ? ' char-counter-near' : ''}`}>
        {t('report.counter', { count, max })}
      </p>
      {count >= max ? (
        <p role="status" className="char-counter-full">
          {t('report.counterFull', { max })}
        </p>
      ) : null}
    </>
  );
}
