import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, EmptyState, ErrorState, Notice, Skeleton, Tabs, errorMessage } from '../../../ui';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useInvalidateTrack, useTrack } from '../hooks';
import { useAdminApi } from '../session';
import { TrackStructure } from '../components/TrackStructure';
import { QuestionBank } from '../components/QuestionBank';
import { ArticleList } from '../components/ArticleList';
import { SettingsVersions } from '../components/SettingsVersions';
import { ImportPanel } from '../components/ImportPanel';
import { CalibrationList } from '../components/CalibrationList';

export default function TrackPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const { track, isPending, isError, error, refetch } = useTrack(slug);
  const [tab, setTab] = useState('structure');
  useDocumentTitle(track?.title ?? t('console.tracks.title'));
  const { client } = useAdminApi();
  const invalidate = useInvalidateTrack();
  const publish = useMutation({
    mutationFn: (is_published: boolean) =>
      unwrap(client.PATCH('/api/v1/admin/tracks/{slug}', { params: { path: { slug } }, body: { is_published } })),
    onSuccess: () => invalidate(slug),
  });

  if (isPending) return <Skeleton lines={6} />;
  if (isError) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!track)
    return (
      <EmptyState title={t('console.tracks.notFound')}>
        <Link to="/console/adaptive">{t('console.tracks.back')}</Link>
      </EmptyState>
    );

  return (
    <section>
      <p>
        <Link to="/console/adaptive">← {t('console.tracks.back')}</Link>
      </p>
      <h1>{track.title}</h1>
      <div className="row console-section">
        <span className="badge">{track.is_published ? t('console.tracks.isPublished') : t('console.tracks.isDraft')}</span>
        <Button variant="secondary" busy={publish.isPending} onClick={() => publish.mutate(!track.is_published)}>
          {track.is_published ? t('console.tracks.unpublish') : t('console.tracks.publish')}
        </Button>
      </div>
      {publish.error && <Notice kind="error">{errorMessage(publish.error, t)}</Notice>}
      <Tabs
        label={t('console.tracks.sections')}
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'structure', label: t('console.tabs.structure'), content: <TrackStructure track={track} /> },
          { id: 'questions', label: t('console.tabs.questions'), content: <QuestionBank track={track} /> },
          { id: 'articles', label: t('console.tabs.articles'), content: <ArticleList track={track} /> },
          { id: 'settings', label: t('console.tabs.settings'), content: <SettingsVersions slug={slug} /> },
          { id: 'import', label: t('console.tabs.import'), content: <ImportPanel slug={slug} /> },
          { id: 'calibration', label: t('console.tabs.calibration'), content: <CalibrationList slug={slug} /> },
        ]}
      />
    </section>
  );
}
