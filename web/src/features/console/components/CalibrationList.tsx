import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, EmptyState, ErrorState, Notice, Skeleton, errorMessage } from '../../../ui';
import { formatNumber } from '../../../lib/format';
import { useCalibration } from '../hooks';
import { useAdminApi } from '../session';

/** Item calibration from the learner model: estimated difficulty beside the author's, and flags. */
export function CalibrationList({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const [flagged, setFlagged] = useState(false);
  const items = useCalibration(slug, flagged);
  const { client } = useAdminApi();
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/admin/calibration/run')),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['console', 'track', slug, 'calibration'] }),
  });
  return (
    <div>
      <div className="console-filters">
        <label>
          <input type="checkbox" checked={flagged} onChange={(e) => setFlagged(e.target.checked)} /> {t('console.calibration.flaggedOnly')}
        </label>
        <Button variant="secondary" busy={run.isPending} onClick={() => run.mutate()}>
          {t('console.calibration.run')}
        </Button>
      </div>
      {run.error && <Notice kind="error">{errorMessage(run.error, t)}</Notice>}
      {run.isSuccess && <Notice kind="success">{t('console.calibration.ran')}</Notice>}
      {items.isPending ? (
        <Skeleton lines={4} />
      ) : items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} />
      ) : items.data.items.length === 0 ? (
        <EmptyState title={flagged ? t('console.calibration.noFlags') : t('console.calibration.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="console-table">
            <caption className="visually-hidden">{t('console.tabs.calibration')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.bank.question')}</th>
                <th scope="col">{t('console.bank.module')}</th>
                <th scope="col" className="num">{t('console.calibration.author')}</th>
                <th scope="col" className="num">{t('console.calibration.estimate')}</th>
                <th scope="col" className="num">{t('console.calibration.responses')}</th>
                <th scope="col" className="num">{t('console.calibration.correct')}</th>
                <th scope="col" className="num">{t('console.calibration.discrimination')}</th>
                <th scope="col">{t('console.calibration.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {items.data.items.map((c) => (
                <tr key={c.question_id}>
                  <th scope="row">{c.text}</th>
                  <td>{c.module_name}</td>
                  <td className="num">
                    {c.author_difficulty} ({formatNumber(c.author_logit, 2)})
                  </td>
                  <td className="num">
                    {formatNumber(c.difficulty, 2)} ± {formatNumber(c.difficulty_se, 2)}
                  </td>
                  <td className="num">{c.responses}</td>
                  <td className="num">{formatNumber(c.share_correct * 100, 0)} %</td>
                  <td className="num">{c.discrimination == null ? '—' : formatNumber(c.discrimination, 2)}</td>
                  <td>
                    {c.flags.length === 0
                      ? '—'
                      : c.flags.map((f) => (
                          <span key={f} className="badge badge-flag">
                            {t(`console.calibration.flag.${f}`, { defaultValue: f })}
                          </span>
                        ))}
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
