import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { useApi, useSession } from '../../../api/context';
import { Button, Field, Notice, errorMessage, useFormErrors } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { safeNext } from '../hooks';

export default function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const { client, session } = useApi();
  const { endReason } = useSession();
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
      const res = await unwrap(client.POST('/api/v1/auth/login', { body }));
      session.signIn(res.access_token, res.user);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="form">
      <h1>{t('login.title')}</h1>
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
            {t('login.submit')}
          </Button>
          <Link to="/forgot-password">{t('login.forgot')}</Link>
        </div>
      </form>
      <p>
        {t('login.noAccount')} <Link to="/signup">{t('nav.signup')}</Link>
      </p>
    </section>
  );
}
