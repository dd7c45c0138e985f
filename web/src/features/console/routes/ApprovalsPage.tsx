import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, EmptyState, ErrorState, Notice, Skeleton, TextAreaField, errorMessage, useFormErrors } from '../../../ui';
import { formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useEvidence, usePendingApprovals, type Approval } from '../hooks';
import { useAdminApi } from '../session';

export default function ApprovalsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('console.approvals.title'));
  const pending = usePendingApprovals();
  const [open, setOpen] = useState<number | null>(null);
  const [decided, setDecided] = useState<string | null>(null);
  return (
    <section>
      <h1>{t('console.approvals.title')}</h1>
      {decided && <Notice kind="success">{decided}</Notice>}
      {pending.isPending ? (
        <Skeleton lines={4} />
      ) : pending.isError ? (
        <ErrorState error={pending.error} onRetry={() => void pending.refetch()} />
      ) : pending.data.items.length === 0 ? (
        <EmptyState title={t('console.approvals.empty')} />
      ) : (
        <ul className="plain-list">
          {pending.data.items.map((a) => (
            <li key={a.id} className="card console-section">
              <ApprovalHead approval={a} />
              {open === a.id ? (
                <EvidencePanel
                  approval={a}
                  onDecided={(msg) => {
                    setOpen(null);
                    setDecided(msg);
                  }}
                />
              ) : (
                <Button
                  variant="secondary"
                  aria-label={t('console.approvals.reviewName', { who: who(a) })}
                  onClick={() => {
                    setDecided(null);
                    setOpen(a.id);
                  }}
                >
                  {t('console.approvals.review')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function who(a: Approval): string {
  return a.user_email ?? `#${a.user_id}`;
}

function ApprovalHead({ approval: a }: { approval: Approval }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{who(a)}</h2>
      <p>
        {a.kind === 'graduation'
          ? t('console.approvals.graduation', { from: a.from_stage })
          : t('console.approvals.transition', { from: a.from_stage, to: a.to_stage ?? '' })}{' '}
        <span className="muted">· {t('console.approvals.asked', { date: formatDate(a.created_at) })}</span>
      </p>
    </>
  );
}

function EvidencePanel({ approval, onDecided }: { approval: Approval; onDecided: (msg: string) => void }) {
  const { t } = useTranslation();
  const evidence = useEvidence(approval.id);
  const { client } = useAdminApi();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const errors = useFormErrors();
  const done = () => qc.invalidateQueries({ queryKey: ['console', 'approvals'] });
  const approve = useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/admin/approvals/{approval_id}/approve', { params: { path: { approval_id: approval.id } } })),
    onSuccess: async () => {
      await done();
      onDecided(t('console.approvals.approved', { who: who(approval) }));
    },
    onError: (e) => errors.fail(e),
  });
  const reject = useMutation({
    mutationFn: () =>
      unwrap(
        client.POST('/api/v1/admin/approvals/{approval_id}/reject', {
          params: { path: { approval_id: approval.id } },
          body: { reason },
        }),
      ),
    onSuccess: async () => {
      await done();
      onDecided(t('console.approvals.rejected', { who: who(approval) }));
    },
    onError: (e) => errors.fail(e),
  });
  const submitReject = (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    reject.mutate();
  };

  return (
    <div>
      <h3>{t('console.approvals.evidence')}</h3>
      {evidence.isPending ? (
        <Skeleton lines={4} />
      ) : evidence.isError ? (
        <ErrorState error={evidence.error} onRetry={() => void evidence.refetch()} />
      ) : evidence.data.exams.length === 0 ? (
        <EmptyState title={t('console.approvals.noExams')} />
      ) : (
        evidence.data.exams.map((x) => (
          <div key={x.attempt_id} className="console-section">
            <p>
              <strong>
                {t(`console.approvals.kinds.${x.kind}`, { defaultValue: x.kind })}, {t('console.approvals.attempt', { n: x.attempt_no })}
              </strong>
              : {x.passed ? t('console.approvals.passed') : t('console.approvals.failed')} — {x.correct}/{x.questions_total} ({x.pct} %)
              {x.submitted_at && <span className="muted"> · {formatDate(x.submitted_at)}</span>}
            </p>
            <div className="table-wrap">
              <table className="console-table">
                <caption className="visually-hidden">
                  {t('console.approvals.perModule', { n: x.attempt_no })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('console.bank.module')}</th>
                    <th scope="col" className="num">{t('console.approvals.correct')}</th>
                  </tr>
                </thead>
                <tbody>
                  {x.per_module.map((m) => (
                    <tr key={m.module_id}>
                      <th scope="row">{m.module}</th>
                      <td className="num">
                        {m.correct}/{m.total}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))
      )}
      {errors.form != null && <Notice kind="error">{errorMessage(errors.form, t)}</Notice>}
      <div className="console-actions console-section">
        <Button busy={approve.isPending} onClick={() => approve.mutate()}>
          {t('console.approvals.approve')}
        </Button>
      </div>
      <form onSubmit={submitReject} noValidate>
        <TextAreaField
          label={t('console.approvals.reason')}
          value={reason}
          rows={2}
          onChange={(e) => setReason(e.target.value)}
          error={errors.fields.reason}
        />
        <Button type="submit" variant="danger" busy={reject.isPending}>
          {t('console.approvals.reject')}
        </Button>
      </form>
    </div>
  );
}
