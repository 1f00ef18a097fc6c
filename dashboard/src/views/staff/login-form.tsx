import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { LOGIN_MUTATION } from '../../api/staff.operations';
import { Field } from '../common/field';

export function LoginForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [result, login] = useMutation(LOGIN_MUTATION);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await login({ email: email.trim(), password });
    if (r.data) onDone();
  };

  return (
    <section aria-labelledby="login-title" className="login">
      <h1 id="login-title">{t('staff.login')}</h1>
      <form onSubmit={(e) => void submit(e)} style={{ maxWidth: '24rem' }}>
        <Field id="login-email" label={t('staff.email')} required>
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field id="login-password" label={t('staff.password')} required>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {result.error ? (
          <p className="error-text" role="alert">
            {t('staff.loginFailed')}
          </p>
        ) : null}
        <button type="submit" disabled={result.fetching}>
          {t('staff.signIn')}
        </button>
      </form>
    </section>
  );
}
