// The one e-mail form of the citizen pages ("mi associo", "Ricevi avvisi", the rights on /privacy): a
// labelled address field, its submit button (and any further buttons), and the mutation's error tied to
// the field (aria-invalid, aria-describedby, role=alert).
import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { formErrors } from '../../api/errors';

/** The error to show under the address: the one about `email`, else every general one. */
export function emailErrorOf(error: CombinedError | undefined): string | undefined {
  const errors = formErrors(error);
  return errors.fields.email ?? (errors.general.length ? errors.general.join(' ') : undefined);
}

interface EmailFormProps {
  /** The field's id; its error is `${id}-error`. */
  id: string;
  label: string;
  email: string;
  onEmailChange: (email: string) => void;
  submitLabel: string;
  onSubmit: () => void;
  busy: boolean;
  error?: string;
  /** The heading that names the form, when the label alone does not. */
  labelledBy?: string;
  /** Further buttons after the submit one (they may check the form with form.reportValidity()). */
  children?: ReactNode;
}

export function EmailForm(props: EmailFormProps) {
  const { id, error } = props;
  return (
    <form
      className="join-form"
      aria-labelledby={props.labelledBy}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="email"
        autoComplete="email"
        required
        value={props.email}
        onChange={(e) => props.onEmailChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <button type="submit" disabled={props.busy}>
        {props.submitLabel}
      </button>
      {props.children}
      {error ? (
        <p id={`${id}-error`} className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
