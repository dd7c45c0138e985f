import { isRouteErrorResponse, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The error boundary of every route: a failed lazy chunk or a render error, in words. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  const chunk = error instanceof Error && /dynamically imported module|Importing a module script failed/i.test(error.message);
  return (
    <main className="app-main" id="main">
      <div className="state state-error" role="alert">
        <h1>{t('crash.title')}</h1>
        <p>{chunk ? t('crash.newVersion') : isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : t('crash.body')}</p>
        <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
          {t('crash.reload')}
        </button>
      </div>
    </main>
  );
}
