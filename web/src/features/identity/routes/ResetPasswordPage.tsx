import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { useClient } from '../../../api/context';
import { Button, Field, Notice, errorMessage, useFormErrors } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';

/** Opened from the reset e-mail: PUBLIC_BASE_URL/reset-password?token=… */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('reset.title'));
  const client = useClient();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const errors = useFormErrors({ new_password: 'password' });
  const [mismatch, setMismatch] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    try {
      await unwrap(client.POST('/api/v1/auth/reset-password', { body: { token, new_password: password } }));
      setDone(true);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  if (!token) {
    return (
      <section className="form">
        <h1>{t('reset.title')}</h1>
        <Notice kind="error">{t('reset.noToken')}</Notice>
        <Link to="/forgot-password">{t('reset.again')}</Link>
      </section>
    );
  }
  return (
    <section className="form">
      <h1>{t('reset.title')}</h1>
      {done ? (
        <>
          <Notice kind="success">{t('reset.done')}</Notice>
          <Link className="btn btn-primary" to="/login">
            {t('nav.login')}
          </Link>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field label={t('reset.password')} name="password" type="password" autoComplete="new-password" required hint={t('signup.passwordHint')} value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.password} />
          <Field label={t('reset.confirm')} name="confirm" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch ? t('reset.mismatch') : undefined} />
          {errors.form != null && (
            <Notice kind="error">
              {errorMessage(errors.form, t)} <Link to="/forgot-password">{t('reset.again')}</Link>
            </Notice>
          )}
          <Button type="submit" busy={busy}>
            {t('reset.submit')}
          </Button>
        </form>
      )}
    </section>
  );
}
