import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { useApi } from '../../../api/context';
import { Button, Field, Notice, SelectField, errorMessage, useFormErrors } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useTracks } from '../hooks';

export default function SignupPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('signup.title'));
  const { client, session } = useApi();
  const navigate = useNavigate();
  const tracks = useTracks();
  const [form, setForm] = useState({ full_name: '', email: '', username: '', password: '', track: '' });
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors({ track_slug: 'track' });
  const set = (k: keyof typeof form) => (v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    errors.clearField(k);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      const res = await unwrap(
        client.POST('/api/v1/auth/register', {
          body: {
            full_name: form.full_name.trim(),
            email: form.email.trim(),
            username: form.username.trim() || null,
            password: form.password,
            track_slug: form.track || null,
          },
        }),
      );
      session.signIn(res.access_token, res.user);
      navigate(form.track ? '/track' : '/dashboard', { replace: true });
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  const trackOptions = [
    { value: '', label: t('signup.noTrack') },
    ...(tracks.data?.items ?? []).filter((tr) => tr.is_published).map((tr) => ({ value: tr.slug, label: tr.title })),
  ];

  return (
    <section className="form">
      <h1>{t('signup.title')}</h1>
      <form onSubmit={submit} noValidate>
        <Field label={t('signup.fullName')} name="full_name" autoComplete="name" required value={form.full_name} onChange={(e) => set('full_name')(e.target.value)} error={errors.fields.full_name} />
        <Field label={t('signup.email')} name="email" type="email" autoComplete="email" required value={form.email} onChange={(e) => set('email')(e.target.value)} error={errors.fields.email} />
        <Field label={t('signup.username')} name="username" autoComplete="username" hint={t('signup.usernameHint')} value={form.username} onChange={(e) => set('username')(e.target.value)} error={errors.fields.username} />
        <Field label={t('signup.password')} name="password" type="password" autoComplete="new-password" required hint={t('signup.passwordHint')} value={form.password} onChange={(e) => set('password')(e.target.value)} error={errors.fields.password} />
        <SelectField
          label={t('signup.track')}
          name="track"
          value={form.track}
          onChange={set('track')}
          options={trackOptions}
          hint={tracks.isError ? errorMessage(tracks.error, t) : t('signup.trackHint')}
          error={errors.fields.track}
        />
        {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
        <Button type="submit" busy={busy}>
          {t('signup.submit')}
        </Button>
      </form>
      <p>
        {t('signup.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
      </p>
    </section>
  );
}
