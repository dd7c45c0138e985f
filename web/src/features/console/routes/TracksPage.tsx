import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, EmptyState, ErrorState, Field, Notice, Skeleton, errorMessage, useFormErrors } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useTracks } from '../hooks';
import { useAdminApi } from '../session';

const RANKS = ['trainee', 'junior', 'middle', 'senior'] as const;

export default function TracksPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('console.tracks.title'));
  const tracks = useTracks();
  return (
    <section>
      <h1>{t('console.tracks.title')}</h1>
      {tracks.isPending ? (
        <Skeleton lines={4} />
      ) : tracks.isError ? (
        <ErrorState error={tracks.error} onRetry={() => void tracks.refetch()} />
      ) : tracks.data.items.length === 0 ? (
        <EmptyState title={t('console.tracks.empty')} />
      ) : (
        <div className="table-wrap console-section">
          <table className="console-table">
            <caption className="visually-hidden">{t('console.tracks.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.tracks.track')}</th>
                <th scope="col">{t('console.tracks.published')}</th>
                <th scope="col" className="num">{t('console.tracks.stages')}</th>
                <th scope="col" className="num">{t('console.tracks.modules')}</th>
              </tr>
            </thead>
            <tbody>
              {tracks.data.items.map((tr) => (
                <tr key={tr.track_id}>
                  <th scope="row">
                    <Link to={`/console/adaptive/${encodeURIComponent(tr.slug)}`}>{tr.title}</Link>{' '}
                    <span className="muted">({tr.slug})</span>
                  </th>
                  <td>{tr.is_published ? t('console.yes') : t('console.no')}</td>
                  <td className="num">{tr.stages.length}</td>
                  <td className="num">{tr.modules.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewTrack />
    </section>
  );
}

function NewTrack() {
  const { t } = useTranslation();
  const { client } = useAdminApi();
  const qc = useQueryClient();
  const [slug, setSlug] = useState('');
  const [title, setTitle] = useState('');
  const [ranks, setRanks] = useState<string[]>(['trainee', 'junior']);
  const errors = useFormErrors();
  const create = useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/admin/tracks', { body: { slug: slug.trim(), title: title.trim(), ranks } })),
    onSuccess: () => {
      setSlug('');
      setTitle('');
      return qc.invalidateQueries({ queryKey: ['console', 'tracks'] });
    },
    onError: (e) => errors.fail(e),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    create.mutate();
  };
  return (
    <form className="card form" onSubmit={submit} noValidate>
      <h2>{t('console.tracks.new')}</h2>
      <Field label={t('console.tracks.slug')} value={slug} onChange={(e) => setSlug(e.target.value)} error={errors.fields.slug} required />
      <Field label={t('console.tracks.titleField')} value={title} onChange={(e) => setTitle(e.target.value)} error={errors.fields.title} required />
      <fieldset className="field">
        <legend>{t('console.tracks.ranks')}</legend>
        <div className="row">
          {RANKS.map((r) => (
            <label key={r}>
              <input
                type="checkbox"
                checked={ranks.includes(r)}
                onChange={(e) => setRanks((rs) => (e.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))}
              />{' '}
              {t(`console.ranks.${r}`)}
            </label>
          ))}
        </div>
        {errors.fields.ranks && <p className="field-error">{errors.fields.ranks}</p>}
      </fieldset>
      {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
      {create.isSuccess && <Notice kind="success">{t('console.tracks.created', { title: create.data.title })}</Notice>}
      <Button type="submit" busy={create.isPending}>
        {t('console.tracks.create')}
      </Button>
    </form>
  );
}
