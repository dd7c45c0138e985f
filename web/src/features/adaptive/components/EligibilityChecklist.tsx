import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ContentItem, Eligibility } from '../hooks';

/** What the level exam waits for, by name: each required article still open, and the reading left. */
export function EligibilityChecklist({ report, items }: { report: Eligibility; items: ContentItem[] }) {
  const { t } = useTranslation();
  const title = (id: number) => items.find((i) => i.id === id)?.title ?? `#${id}`;
  return (
    <section className="card eligibility" aria-labelledby="elig-h">
      <h2 id="elig-h">{t('adaptive.eligibility.title')}</h2>
      <ul className="checklist">
        <li className={report.required_done === report.required_total ? 'check-done' : 'check-open'}>
          <span aria-hidden="true">{report.required_done === report.required_total ? '✓' : '○'}</span>{' '}
          {t('adaptive.eligibility.required', { done: report.required_done, total: report.required_total })}
        </li>
        <li className={report.optional_done === report.optional_total ? 'check-done' : 'check-open'}>
          <span aria-hidden="true">{report.optional_done === report.optional_total ? '✓' : '○'}</span>{' '}
          {t('adaptive.eligibility.optional', { done: report.optional_done, total: report.optional_total })}
        </li>
      </ul>
      {report.eligible ? (
        <p className="check-done">{t('adaptive.eligibility.ready')}</p>
      ) : (
        <>
          <p>{t('adaptive.eligibility.missing')}</p>
          <ul>
            {report.missing_required.map((id) => (
              <li key={id}>
                <Link to={`/track/content/${id}`}>{title(id)}</Link> — {t('adaptive.eligibility.passMinitest')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
