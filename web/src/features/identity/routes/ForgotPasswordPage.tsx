import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { useClient } from '../../../api/context';
import { Button, Field, Notice, errorMessage, useFormErrors } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('forgot.title'));
  const client = useClient();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const errors = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      await unwrap(client.POST('/api/v1/auth/forgot-password', { body: { email: email.trim() } }));
      setSent(true);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="form">
      <h1>{t('forgot.title')}</h1>
      {sent ? (
        <Notice kind="success">{t('forgot.sent')}</Notice>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{t('forgot.intro')}</p>
          <Field label={t('signup.email')} name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fields.email} />
          {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
          <Button type="submit" busy={busy}>
            {t('forgot.submit')}
          </Button>
        </form>
      )}
      <p>
        <Link to="/login">{t('forgot.back')}</Link>
      </p>
    </section>
  );
}
