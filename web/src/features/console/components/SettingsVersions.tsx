import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, EmptyState, ErrorState, Field, Notice, SelectField, Skeleton, errorMessage, useFormErrors } from '../../../ui';
import { formatDate } from '../../../lib/format';
import { useInvalidateTrack, useSettingsVersions, type SettingsVersion } from '../hooks';
import { useAdminApi } from '../session';
import { CHOICES, SETTINGS_FIELDS, changedBody, settingsDiff, toDraft, type Draft } from '../settingsDiff';

/** The settings versions, newest first, and a new version drafted from the current one. */
export function SettingsVersions({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const versions = useSettingsVersions(slug);
  const [drafting, setDrafting] = useState(false);
  if (versions.isPending) return <Skeleton lines={4} />;
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />;
  const items = versions.data.items;
  const current = items.find((v) => v.is_current);
  return (
    <div>
      {items.length === 0 ? (
        <EmptyState title={t('console.settings.empty')} />
      ) : (
        <ul className="plain-list console-section">
          {items.map((v) => (
            <li key={v.settings_version_id}>
              {t('console.settings.version', { version: v.version })} · {formatDate(v.created_at)}{' '}
              {v.is_current && <span className="badge">{t('console.settings.current')}</span>}
            </li>
          ))}
        </ul>
      )}
      {!current && <FirstVersion slug={slug} />}
      {current && !drafting && (
        <Button onClick={() => setDrafting(true)}>{t('console.settings.newFromCurrent', { version: current.version })}</Button>
      )}
      {current && drafting && <Draft slug={slug} current={current} onDone={() => setDrafting(false)} />}
    </div>
  );
}

/** A track's first version: the server's defaults, tuned afterwards as a new version. */
function FirstVersion({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const { client } = useAdminApi();
  const invalidate = useInvalidateTrack();
  const create = useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/admin/tracks/{slug}/settings', { params: { path: { slug } }, body: {} })),
    onSuccess: () => invalidate(slug),
  });
  return (
    <>
      {create.error && <Notice kind="error">{errorMessage(create.error, t)}</Notice>}
      <Button busy={create.isPending} onClick={() => create.mutate()}>
        {t('console.settings.createFirst')}
      </Button>
    </>
  );
}

function Draft({ slug, current, onDone }: { slug: string; current: SettingsVersion; onDone: () => void }) {
  const { t } = useTranslation();
  const { client } = useAdminApi();
  const invalidate = useInvalidateTrack();
  const [draft, setDraft] = useState<Draft>(() => toDraft(current.settings));
  const diff = settingsDiff(current.settings, draft);
  const errors = useFormErrors();
  const create = useMutation({
    mutationFn: () =>
      unwrap(client.POST('/api/v1/admin/tracks/{slug}/settings', { params: { path: { slug } }, body: changedBody(diff) })),
    onSuccess: async () => {
      await invalidate(slug);
      onDone();
    },
    onError: (e) => errors.fail(e),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    create.mutate();
  };
  const label = (k: string) => t(`console.settings.fields.${k}`);
  return (
    <form onSubmit={submit} noValidate className="card">
      <h2>{t('console.settings.draftTitle', { version: current.version })}</h2>
      <div className="console-cards">
        {SETTINGS_FIELDS.map((k) => {
          const choices = CHOICES[k];
          return choices ? (
            <SelectField
              key={k}
              label={label(k)}
              value={draft[k]}
              onChange={(v) => setDraft((d) => ({ ...d, [k]: v }))}
              options={choices.map((c) => ({ value: c, label: c }))}
              error={errors.fields[k]}
            />
          ) : (
            <Field
              key={k}
              label={label(k)}
              type="number"
              min={0}
              value={draft[k]}
              onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
              error={errors.fields[k]}
            />
          );
        })}
      </div>
      <h3>{t('console.settings.diff')}</h3>
      {diff.length === 0 ? (
        <p className="muted">{t('console.settings.noChanges')}</p>
      ) : (
        <div className="table-wrap console-section">
          <table className="console-table">
            <caption className="visually-hidden">{t('console.settings.diff')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.settings.field')}</th>
                <th scope="col">{t('console.settings.currentValue', { version: current.version })}</th>
                <th scope="col">{t('console.settings.newValue')}</th>
              </tr>
            </thead>
            <tbody>
              {diff.map((c) => (
                <tr key={c.field}>
                  <th scope="row">{label(c.field)}</th>
                  <td>{c.from}</td>
                  <td className="diff-changed">{c.to}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
      <div className="console-actions">
        <Button type="submit" busy={create.isPending} disabled={diff.length === 0}>
          {t('console.settings.create')}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t('console.cancel')}
        </Button>
      </div>
    </form>
  );
}
