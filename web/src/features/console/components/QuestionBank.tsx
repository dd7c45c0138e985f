import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, EmptyState, ErrorState, Notice, Pagination, Skeleton, errorMessage } from '../../../ui';
import { useInvalidateTrack, useQuestions, type BankQuestion, type Track } from '../hooks';
import { useAdminApi } from '../session';
import { BankFilters, moduleName } from './BankFilters';
import { QuestionEditor } from './QuestionEditor';

/** The bank with its answers: filter by module and level, edit, deactivate. */
export function QuestionBank({ track }: { track: Track }) {
  const { t } = useTranslation();
  const slug = track.slug;
  const [filter, setFilter] = useState({ moduleId: null as number | null, stage: '', page: 1 });
  const questions = useQuestions(slug, filter);
  const [editing, setEditing] = useState<BankQuestion | null>(null);
  const { client } = useAdminApi();
  const invalidate = useInvalidateTrack();
  const deactivate = useMutation({
    mutationFn: (id: number) =>
      unwrap(client.POST('/api/v1/admin/tracks/{slug}/questions/{question_id}/deactivate', { params: { path: { slug, question_id: id } } })),
    onSuccess: () => invalidate(slug),
  });
  return (
    <div>
      <BankFilters track={track} moduleId={filter.moduleId} stage={filter.stage} onChange={(v) => setFilter({ ...v, page: 1 })} />
      {deactivate.error && <Notice kind="error">{errorMessage(deactivate.error, t)}</Notice>}
      {questions.isPending ? (
        <Skeleton lines={5} />
      ) : questions.isError ? (
        <ErrorState error={questions.error} onRetry={() => void questions.refetch()} />
      ) : questions.data.items.length === 0 ? (
        <EmptyState title={t('console.bank.empty')} />
      ) : (
        <>
          <p className="muted">{t('console.bank.total', { count: questions.data.total })}</p>
          <div className="table-wrap">
            <table className="console-table">
              <caption className="visually-hidden">{t('console.tabs.questions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console.bank.question')}</th>
                  <th scope="col">{t('console.bank.module')}</th>
                  <th scope="col">{t('console.bank.level')}</th>
                  <th scope="col" className="num">{t('console.bank.difficulty')}</th>
                  <th scope="col">{t('console.bank.answer')}</th>
                  <th scope="col">{t('console.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {questions.data.items.map((q) => (
                  <tr key={q.question_id}>
                    <th scope="row">
                      {q.text} {!q.is_active && <span className="badge badge-off">{t('console.bank.retired')}</span>}
                    </th>
                    <td>{moduleName(track, q.module_id)}</td>
                    <td>{q.stage}</td>
                    <td className="num">{q.difficulty}</td>
                    <td>{q.options.find((o) => o.is_correct)?.text ?? '—'}</td>
                    <td>
                      <div className="console-actions">
                        <Button variant="secondary" aria-label={t('console.bank.editName', { id: q.question_id })} onClick={() => setEditing(q)}>
                          {t('console.edit')}
                        </Button>
                        {q.is_active && (
                          <Button
                            variant="ghost"
                            aria-label={t('console.bank.deactivateName', { id: q.question_id })}
                            busy={deactivate.isPending && deactivate.variables === q.question_id}
                            onClick={() => deactivate.mutate(q.question_id)}
                          >
                            {t('console.bank.deactivate')}
                          </Button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={filter.page} pageSize={20} total={questions.data.total} onPage={(page) => setFilter((f) => ({ ...f, page }))} />
        </>
      )}
      {editing && <QuestionEditor slug={slug} question={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
