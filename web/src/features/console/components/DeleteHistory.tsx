import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { Button, Dialog, Field, Notice, errorMessage } from '../../../ui';
import { toIso } from '../hooks';
import { useAdminApi } from '../session';

/**
 * Deletes the inference history. The static ADMIN_TOKEN is asked for every time: it lives in
 * this dialog's state only while the dialog is open, goes out in one request header, and is
 * forgotten when the dialog closes (never stored, never cached).
 */
export function DeleteHistory() {
  const { t } = useTranslation();
  const { client } = useAdminApi();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState('');
  const [olderThan, setOlderThan] = useState('');
  const close = () => {
    setToken('');
    setOpen(false);
  };
  const remove = useMutation({
    // The token is read from the dialog's state, not passed as the mutation's variables
    // (which the query cache would keep after the request).
    mutationFn: () =>
      unwrap(
        client.DELETE('/api/v1/ml/history', {
          params: { query: { older_than: toIso(olderThan) }, header: { 'X-Admin-Token': token } },
        }),
      ),
    onSuccess: () => {
      close();
      return qc.invalidateQueries({ queryKey: ['console', 'ml'] });
    },
    onSettled: () => setToken(''),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    remove.mutate();
  };
  return (
    <div className="console-section">
      <h2>{t('console.model.deleteTitle')}</h2>
      {remove.isSuccess && <Notice kind="success">{t('console.model.deleted', { count: remove.data.deleted })}</Notice>}
      <Button
        variant="danger"
        onClick={() => {
          remove.reset();
          setOpen(true);
        }}
      >
        {t('console.model.delete')}
      </Button>
      <Dialog open={open} onClose={close} title={t('console.model.deleteTitle')} closeLabel={t('console.close')}>
        <form onSubmit={submit} noValidate>
          <p>{t('console.model.deleteIntro')}</p>
          <Field
            label={t('console.model.adminToken')}
            type="password"
            autoComplete="off"
            required
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <Field label={t('console.model.olderThan')} hint={t('console.model.olderThanHint')} type="datetime-local" value={olderThan} onChange={(e) => setOlderThan(e.target.value)} />
          {remove.error && <Notice kind="error">{errorMessage(remove.error, t)}</Notice>}
          <div className="console-actions">
            <Button type="submit" variant="danger" busy={remove.isPending} disabled={!token}>
              {t('console.model.deleteConfirm')}
            </Button>
            <Button variant="ghost" onClick={close}>
              {t('console.cancel')}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
