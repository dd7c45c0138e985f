import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, Field, Notice, errorMessage, useFormErrors } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useAdminApi, useAdminSession } from '../session';
import '../console.css';

/** Only console paths are followed after login (never another site). */
export function consoleNext(next: string | null): string {
  return next && next.startsWith('/console/') && !next.startsWith('//') ? next : '/console/users';
}

export default function ConsoleLoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('console.login.title'));
  const { client, session } = useAdminApi();
  const { endReason } = useAdminSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
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
      const body = who.includes('@') ? { email: who, password } : { username: who, password };
      const res = await unwrap(client.POST('/api/v1/admin/login', { body }));
      session.signIn(res.access_token, res.user);
      navigate(consoleNext(params.get('next')), { replace: true });
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="form">
      <h1>{t('console.login.title')}</h1>
      <p className="muted">{t('console.login.intro')}</p>
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
        <Button type="submit" busy={busy}>
          {t('console.login.submit')}
        </Button>
      </form>
    </section>
  );
}
