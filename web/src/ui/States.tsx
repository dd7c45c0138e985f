import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './errorMessage';

/** Placeholder blocks while data loads; announced once as "Loading…". */
export function Skeleton({ lines = 3, label, className }: { lines?: number; label?: string; className?: string }) {
  const { t } = useTranslation();
  // `className` reserves the height of what will replace it, so nothing below jumps.
  return (
    <div className={`skeleton${className ? ` ${className}` : ''}`} role="status" aria-live="polite">
      <span className="visually-hidden">{label ?? t('state.loading')}</span>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-line" aria-hidden="true" />
      ))}
    </div>
  );
}

export function EmptyState({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

/** An error in words, with a retry when the caller can retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{errorMessage(error, t)}</p>
      {onRetry && (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="progress">
      <progress max={100} value={v} aria-label={label} />
      <span className="progress-value">{v} %</span>
    </div>
  );
}

/** A polite status line for results of actions (saved, copied, …). */
export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'error'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
