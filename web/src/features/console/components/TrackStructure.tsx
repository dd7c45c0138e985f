import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, Field, Notice, errorMessage } from '../../../ui';
import { useInvalidateTrack, type Track } from '../hooks';
import { useAdminApi } from '../session';

/** The track's stages and modules: add a stage, add or rename a module. */
export function TrackStructure({ track }: { track: Track }) {
  const { t } = useTranslation();
  const { client } = useAdminApi();
  const invalidate = useInvalidateTrack();
  const slug = track.slug;
  const [stage, setStage] = useState('');
  const [moduleName, setModuleName] = useState('');
  const addStage = useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/admin/tracks/{slug}/stages', { params: { path: { slug } }, body: { stage: stage.trim() } })),
    onSuccess: () => {
      setStage('');
      return invalidate(slug);
    },
  });
  const addModule = useMutation({
    mutationFn: () =>
      unwrap(client.POST('/api/v1/admin/tracks/{slug}/modules', { params: { path: { slug } }, body: { name: moduleName.trim() } })),
    onSuccess: () => {
      setModuleName('');
      return invalidate(slug);
    },
  });
  const submit = (m: { mutate: () => void }) => (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <div className="console-cards">
      <div className="card">
        <h2>{t('console.structure.stages')}</h2>
        <ul className="plain-list">
          {track.stages.map((s) => (
            <li key={s.stage_id}>
              <strong>{s.key}</strong> <span className="muted">{t(`console.ranks.${s.rank}`, { defaultValue: s.rank })}, {t('console.structure.level', { level: s.level })}</span>
            </li>
          ))}
        </ul>
        <form onSubmit={submit(addStage)} noValidate>
          <Field label={t('console.structure.newStage')} hint={t('console.structure.stageHint')} value={stage} onChange={(e) => setStage(e.target.value)} />
          {addStage.error && <Notice kind="error">{errorMessage(addStage.error, t)}</Notice>}
          <Button type="submit" variant="secondary" busy={addStage.isPending} disabled={!stage.trim()}>
            {t('console.structure.addStage')}
          </Button>
        </form>
      </div>
      <div className="card">
        <h2>{t('console.structure.modules')}</h2>
        <ol>
          {track.modules.map((m) => (
            <ModuleItem key={m.module_id} slug={slug} id={m.module_id} name={m.name} />
          ))}
        </ol>
        <form onSubmit={submit(addModule)} noValidate>
          <Field label={t('console.structure.newModule')} value={moduleName} onChange={(e) => setModuleName(e.target.value)} />
          {addModule.error && <Notice kind="error">{errorMessage(addModule.error, t)}</Notice>}
          <Button type="submit" variant="secondary" busy={addModule.isPending} disabled={!moduleName.trim()}>
            {t('console.structure.addModule')}
          </Button>
        </form>
      </div>
    </div>
  );
}

function ModuleItem({ slug, id, name }: { slug: string; id: number; name: string }) {
  const { t } = useTranslation();
  const { client } = useAdminApi();
  const invalidate = useInvalidateTrack();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const rename = useMutation({
    mutationFn: () =>
      unwrap(
        client.PATCH('/api/v1/admin/tracks/{slug}/modules/{module_id}', {
          params: { path: { slug, module_id: id } },
          body: { name: value.trim() },
        }),
      ),
    onSuccess: () => {
      setEditing(false);
      return invalidate(slug);
    },
  });
  if (!editing)
    return (
      <li>
        {name}{' '}
        <Button variant="ghost" aria-label={t('console.structure.renameName', { name })} onClick={() => setEditing(true)}>
          {t('console.structure.rename')}
        </Button>
      </li>
    );
  return (
    <li>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          rename.mutate();
        }}
      >
        <Field label={t('console.structure.moduleName')} value={value} onChange={(e) => setValue(e.target.value)} error={rename.error ? errorMessage(rename.error, t) : undefined} />
        <Button type="submit" busy={rename.isPending}>
          {t('console.save')}
        </Button>
        <Button variant="ghost" onClick={() => setEditing(false)}>
          {t('console.cancel')}
        </Button>
      </form>
    </li>
  );
}
