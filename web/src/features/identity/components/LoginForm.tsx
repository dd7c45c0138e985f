import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import type { EndReason } from '../../../api/session';
import { Button, Field, Notice, errorMessage, useFormErrors } from '../../../ui';

export type Credentials = components['schemas']['LoginRequest'];

/**
 * E-mail or username, and password: the learner's login and the admin console's. Why the
 * last session ended is said first; the server's field errors stand by their fields.
 * `signIn` sends the credentials to its own login route and goes on from there.
 */
export function LoginForm({
  signIn,
  endReason,
  submitLabel,
  besideSubmit,
}: {
  signIn: (credentials: Credentials) => Promise<void>;
  endReason: EndReason;
  submitLabel: string;
  /** Shown next to the submit button (e.g. the forgotten-password link). */
  besideSubmit?: ReactNode;
}) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors({ email: 'login', username: 'login' });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      const who = login.trim();
      await signIn(who.includes('@') ? { email: who, password } : { username: who, password });
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {endReason === 'reused' && <Notice kind="error">{t('session.reused')}</Notice>}
      {endReason === 'expired' && <Notice kind="info">{t('session.expired')}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field
          label={t('login.login')}
          name="login"
          autoComplete="username"
          required
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          error={errors.fields.login}
        />
        <Field
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
        />
        {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
        <div className="row">
          <Button type="submit" busy={busy}>
            {submitLabel}
          </Button>
          {besideSubmit}
        </div>
      </form>
    </>
  );
}
