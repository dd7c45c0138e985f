import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { apiErrorFrom } from '../../../api/errors';
import { useApi, useSession } from '../../../api/context';
import { Button, ErrorState, Field, Notice, Skeleton, TextAreaField, errorMessage, useFormErrors } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Avatar } from '../components/ProfileView';
import { identityKeys, useMyProfile, useSpecializations } from '../hooks';
import '../identity.css';

const NETWORKS = ['website', 'github', 'gitlab', 'linkedin', 'telegram', 'twitter', 'youtube'] as const;
const AVATAR_MAX = 1024 * 1024;
const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

export default function ProfilePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('profile.editTitle'));
  const profile = useMyProfile();
  if (profile.isPending) return <Skeleton lines={8} />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  return (
    <>
      <div className="row">
        <h1>{t('profile.editTitle')}</h1>
        <Link to={`/u/${profile.data.slug}`}>{t('profile.viewPublic')}</Link>
      </div>
      <div className="profile-edit">
        <AccountForm />
        <AvatarForm />
        <ProfileForm />
      </div>
    </>
  );
}

function AccountForm() {
  const { t } = useTranslation();
  const { client, session } = useApi();
  const { user } = useSession();
  const [form, setForm] = useState({ full_name: user?.full_name ?? '', username: user?.username ?? '' });
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  const queryClient = useQueryClient();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setSaved(false);
    setBusy(true);
    try {
      const me = await unwrap(
        client.PATCH('/api/v1/auth/me', { body: { full_name: form.full_name.trim(), username: form.username.trim() || null } }),
      );
      session.setUser(me);
      await queryClient.invalidateQueries({ queryKey: identityKeys.myProfile });
      setSaved(true);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="account-h">
      <h2 id="account-h">{t('profile.account')}</h2>
      <Field label={t('signup.fullName')} name="full_name" autoComplete="name" value={form.full_name} onChange={(e) => setForm({ ...form, full_name: e.target.value })} error={errors.fields.full_name} />
      <Field label={t('signup.username')} name="username" autoComplete="username" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} error={errors.fields.username} />
      <p className="muted">{t('profile.email', { email: user?.email ?? '—' })}</p>
      {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
      {saved && <Notice kind="success">{t('profile.saved')}</Notice>}
      <Button type="submit" busy={busy}>
        {t('profile.save')}
      </Button>
    </form>
  );
}

function ProfileForm() {
  const { t } = useTranslation();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const profile = useMyProfile();
  const specs = useSpecializations();
  const p = profile.data;
  const [form, setForm] = useState(() => ({
    bio: p?.bio ?? '',
    phone: p?.phone ?? '',
    specializations: new Set((p?.specializations ?? []).map((s) => s.slug)),
    links: Object.fromEntries(NETWORKS.map((n) => [n, String((p?.social_links as Record<string, unknown> | undefined)?.[n] ?? '')])) as Record<string, string>,
  }));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setSaved(false);
    setBusy(true);
    try {
      const social_links = Object.fromEntries(Object.entries(form.links).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
      const updated = await unwrap(
        client.PATCH('/api/v1/accounts/profiles/me', {
          body: { bio: form.bio, phone: form.phone.trim() || null, social_links, specializations: [...form.specializations] },
        }),
      );
      queryClient.setQueryData(identityKeys.myProfile, updated);
      setSaved(true);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="profile-h">
      <h2 id="profile-h">{t('profile.public')}</h2>
      <TextAreaField label={t('profile.bio')} name="bio" value={form.bio} maxLength={2000} onChange={(e) => setForm({ ...form, bio: e.target.value })} error={errors.fields.bio} />
      <Field label={t('profile.phone')} name="phone" type="tel" autoComplete="tel" hint={t('profile.phoneHint')} value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} error={errors.fields.phone} />
      <fieldset>
        <legend>{t('profile.specializations')}</legend>
        {specs.isPending && <Skeleton lines={1} />}
        {specs.isError && <ErrorState error={specs.error} onRetry={() => void specs.refetch()} />}
        {specs.data && specs.data.length === 0 && <p className="muted">{t('profile.noSpecializations')}</p>}
        <div className="checks">
          {specs.data?.map((s) => (
            <label key={s.slug}>
              <input
                type="checkbox"
                checked={form.specializations.has(s.slug)}
                onChange={(e) => {
                  const next = new Set(form.specializations);
                  if (e.target.checked) next.add(s.slug);
                  else next.delete(s.slug);
                  setForm({ ...form, specializations: next });
                }}
              />
              {s.name}
            </label>
          ))}
        </div>
        {errors.fields.specializations && <p className="field-error">{errors.fields.specializations}</p>}
      </fieldset>
      <fieldset>
        <legend>{t('profile.links')}</legend>
        {NETWORKS.map((n) => (
          <Field
            key={n}
            label={t(`networks.${n}`)}
            name={`link-${n}`}
            type="url"
            placeholder="https://"
            value={form.links[n] ?? ''}
            onChange={(e) => setForm({ ...form, links: { ...form.links, [n]: e.target.value } })}
            error={errors.fields[`social_links.${n}`]}
          />
        ))}
        {errors.fields.social_links && <p className="field-error">{errors.fields.social_links}</p>}
      </fieldset>
      {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
      {saved && <Notice kind="success">{t('profile.saved')}</Notice>}
      <Button type="submit" busy={busy}>
        {t('profile.save')}
      </Button>
    </form>
  );
}

function AvatarForm() {
  const { t } = useTranslation();
  const { fetch: apiFetch } = useApi();
  const queryClient = useQueryClient();
  const profile = useMyProfile();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  useEffect(() => {
    if (!file) return undefined;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  const pick = (f: File | null) => {
    errors.clear();
    setSaved(false);
    setLocalError(null);
    setFile(f);
    if (!f) return;
    // The same checks the server makes, said before uploading; the server checks again.
    if (f.size > AVATAR_MAX) setLocalError(t('profile.avatarTooLarge', { max: '1 MB' }));
    else if (f.type && !AVATAR_TYPES.includes(f.type)) setLocalError(t('profile.avatarType'));
  };
  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || localError) return;
    setBusy(true);
    errors.clear();
    try {
      const body = new FormData();
      body.append('avatar', file);
      const res = await apiFetch('/api/v1/accounts/profiles/me/avatar', { method: 'PUT', body });
      if (!res.ok) {
        throw await apiErrorFrom(res);
      }
      queryClient.setQueryData(identityKeys.myProfile, await res.json());
      setFile(null);
      setPreview(null);
      setSaved(true);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const err = localError ?? errors.fields.avatar;
  return (
    <form className="card" onSubmit={upload} noValidate aria-labelledby="avatar-h">
      <h2 id="avatar-h">{t('profile.avatar')}</h2>
      <div className="row">
        {preview ? <img className="avatar" src={preview} alt={t('profile.avatarPreview')} width={96} height={96} /> : profile.data && <Avatar profile={profile.data} />}
      </div>
      <div className={`field${err ? ' field-invalid' : ''}`}>
        <label htmlFor="avatar-file">{t('profile.avatarPick')}</label>
        <input
          id="avatar-file"
          type="file"
          accept={AVATAR_TYPES.join(',')}
          aria-describedby="avatar-hint avatar-err"
          aria-invalid={err ? true : undefined}
          onChange={(e) => pick(e.target.files?.[0] ?? null)}
        />
        <p id="avatar-hint" className="field-hint">
          {t('profile.avatarHint')}
        </p>
        {err && (
          <p id="avatar-err" className="field-error">
            {err}
          </p>
        )}
      </div>
      {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
      {saved && <Notice kind="success">{t('profile.avatarSaved')}</Notice>}
      <Button type="submit" busy={busy} disabled={!file || !!localError}>
        {t('profile.avatarUpload')}
      </Button>
    </form>
  );
}
