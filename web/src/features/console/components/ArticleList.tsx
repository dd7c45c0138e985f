import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, EmptyState, ErrorState, Notice, Skeleton, errorMessage } from '../../../ui';
import { useArticles, useInvalidateTrack, type Track } from '../hooks';
import { useAdminApi } from '../session';
import { BankFilters, moduleName } from './BankFilters';

/** The track's articles with the size of their mini-tests; retire one. */
export function ArticleList({ track }: { track: Track }) {
  const { t } = useTranslation();
  const slug = track.slug;
  const [filter, setFilter] = useState({ moduleId: null as number | null, stage: '' });
  const articles = useArticles(slug, filter);
  const { client } = useAdminApi();
  const invalidate = useInvalidateTrack();
  const deactivate = useMutation({
    mutationFn: (id: number) =>
      unwrap(client.POST('/api/v1/admin/tracks/{slug}/articles/{article_id}/deactivate', { params: { path: { slug, article_id: id } } })),
    onSuccess: () => invalidate(slug),
  });
  return (
    <div>
      <BankFilters track={track} moduleId={filter.moduleId} stage={filter.stage} onChange={setFilter} />
      {deactivate.error && <Notice kind="error">{errorMessage(deactivate.error, t)}</Notice>}
      {articles.isPending ? (
        <Skeleton lines={5} />
      ) : articles.isError ? (
        <ErrorState error={articles.error} onRetry={() => void articles.refetch()} />
      ) : articles.data.items.length === 0 ? (
        <EmptyState title={t('console.articles.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="console-table">
            <caption className="visually-hidden">{t('console.tabs.articles')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.articles.title')}</th>
                <th scope="col">{t('console.bank.module')}</th>
                <th scope="col">{t('console.bank.level')}</th>
                <th scope="col">{t('console.articles.kind')}</th>
                <th scope="col" className="num">{t('console.articles.minitest')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {articles.data.items.map((a) => (
                <tr key={a.article_id}>
                  <th scope="row">
                    {a.title} {!a.is_active && <span className="badge badge-off">{t('console.bank.retired')}</span>}
                  </th>
                  <td>{moduleName(track, a.module_id)}</td>
                  <td>{a.stage}</td>
                  <td>{t(`console.articles.kinds.${a.kind}`, { defaultValue: a.kind })}</td>
                  <td className="num">{a.kind === 'required' ? t('console.articles.questions', { count: a.minitest_questions }) : '—'}</td>
                  <td>
                    {a.is_active && (
                      <Button
                        variant="ghost"
                        aria-label={t('console.articles.deactivateName', { title: a.title })}
                        busy={deactivate.isPending && deactivate.variables === a.article_id}
                        onClick={() => deactivate.mutate(a.article_id)}
                      >
                        {t('console.bank.deactivate')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
