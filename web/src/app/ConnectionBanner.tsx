import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useConnectionLost } from '../api/context';

/** "Connection lost" with a retry; it also retries when the browser says it is back online. */
export function ConnectionBanner() {
  const lost = useConnectionLost();
  const { connection } = useApi();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const retry = async () => {
    setBusy(true);
    try {
      const res = await fetch('/health/live', { cache: 'no-store' });
      if (res.ok) {
        connection.set(false);
        await queryClient.refetchQueries({ type: 'active' });
      }
    } catch {
      connection.set(true);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    const on = () => void retry();
    const off = () => connection.set(true);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection]);
  if (!lost) return null;
  return (
    <div className="banner" role="alert">
      <span>{t('connection.lost')}</span>
      <button type="button" className="btn btn-secondary" onClick={() => void retry()} disabled={busy}>
        {t('connection.retry')}
      </button>
    </div>
  );
}
